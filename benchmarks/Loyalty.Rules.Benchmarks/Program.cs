using System;
using System.IO;
using System.Linq;
using Loyalty.Rules;
using BenchmarkDotNet.Running;
using Loyalty.Rules.Benchmarks;
using Loyalty.Rules.Samples;

if (args.Contains("--check"))
{
    // Every implementation must agree on W1 before anything is timed.
    var inputs = new W1Inputs();
    var evaluator = CoffeeProgram.Build().Evaluator;
    var fromJson = LoyaltyProgram.FromJson(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "programs", "p1-coffee.json"))).Evaluator;
    var tuned = new HandTunedP1(inputs.Raw);
    var peer = new RulesEngineP1();
    long library = 0, itemized = 0, handCoded = 0, json = 0, handTuned = 0, rulesEngine = 0;
    for (int i = 0; i < inputs.Transactions.Length; i++)
    {
        library += evaluator.EvaluateTotal(inputs.Transactions[i], inputs.Members[i]).Points.Value;
        itemized += evaluator.Evaluate(inputs.Transactions[i], inputs.Members[i]).Total.Value;
        handCoded += HandCodedP1.Points(inputs.Raw[i]);
        json += fromJson.EvaluateTotal(inputs.Transactions[i], inputs.Members[i]).Points.Value;
        handTuned += tuned.Points(i);
        rulesEngine += peer.Points(RulesEngineP1.Convert(inputs.Raw[i]));
    }

    Console.WriteLine($"P1 W1 checksum [library]: {library}");
    Console.WriteLine($"P1 W1 checksum [library itemized]: {itemized}");
    Console.WriteLine($"P1 W1 checksum [hand-coded]: {handCoded}");
    Console.WriteLine($"P1 W1 checksum [json]: {json}");
    Console.WriteLine($"P1 W1 checksum [hand-tuned]: {handTuned}");
    Console.WriteLine($"P1 W1 checksum [RulesEngine]: {rulesEngine}");
    if (library != handCoded || itemized != handCoded || json != handCoded || handTuned != handCoded || rulesEngine != handCoded)
    {
        Console.Error.WriteLine("P1 W1 checksums differ.");
        return 1;
    }

    return 0;
}

if (args.Contains("--readme"))
{
    // bin/Release/net10.0 -> benchmarks/README.md
    return ReadmeReport.Run(Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "README.md")));
}

if (args.Contains("--simulate-year"))
{
    YearSimulation.Run();
    return 0;
}

if (args.Contains("--expire-million"))
{
    LedgerBenchmarks.ExpireOneMillionAccounts();
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(P1Benchmarks).Assembly).Run(args);
return 0;
