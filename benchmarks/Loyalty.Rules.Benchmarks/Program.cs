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

if (args.Contains("--profile-p1"))
{
    // A steady loop over W1 on the total path for a sampling profiler (perf with DOTNET_PerfMapEnabled=1).
    var inputs = new W1Inputs();
    var evaluator = CoffeeProgram.Build().Evaluator;
    var until = System.Diagnostics.Stopwatch.StartNew();
    long sum = 0, passes = 0;
    while (until.Elapsed.TotalSeconds < 20)
    {
        for (int i = 0; i < inputs.Transactions.Length; i++)
        {
            sum += evaluator.EvaluateTotal(inputs.Transactions[i], inputs.Members[i]).Points.Value;
        }

        passes++;
    }

    Console.WriteLine($"{passes} passes over W1, {until.Elapsed.TotalMilliseconds * 1e6 / (passes * inputs.Transactions.Length):F1} ns per transaction (checksum {sum / passes})");
    return 0;
}

if (args.Contains("--profile-ledger"))
{
    // A steady loop of one ledger benchmark for a sampling profiler: --profile-ledger redeem|redeem-part|purchase|batch|applied|games|new|daily
    var bench = new LedgerBenchmarks();
    bench.Setup();
    Func<object> step = args.Contains("redeem") ? bench.RedeemFromTenThousandLots
        : args.Contains("redeem-part") ? bench.RedeemEndingInsideALot
        : args.Contains("batch") ? bench.PurchasesInBatch
        : args.Contains("applied") ? bench.PurchasesApplied
        : args.Contains("games") ? bench.PurchaseWithGames
        : args.Contains("new") ? bench.PurchaseIntoNewAccount
        : args.Contains("daily") ? bench.PurchaseDaily
        : bench.PurchaseWithoutLadder;
    using var sampled = args.Contains("--allocations") ? new AllocationSampler() : null; // what the allocations are, by type
    var until = System.Diagnostics.Stopwatch.StartNew();
    long calls = 0, allocated = GC.GetAllocatedBytesForCurrentThread();
    double best = double.MaxValue; // the quickest half second: what a loaded machine's neighbours left alone
    for (var window = System.Diagnostics.Stopwatch.StartNew(); until.Elapsed.TotalSeconds < 15; window.Restart())
    {
        long before = calls;
        while (window.Elapsed.TotalSeconds < 0.5)
        {
            step();
            calls++;
        }

        best = Math.Min(best, window.Elapsed.TotalMilliseconds * 1e3 / (calls - before));
    }

    allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
    Console.WriteLine($"{calls} calls, {until.Elapsed.TotalMilliseconds * 1e3 / calls:F2} us (the quickest half second {best:F2} us) and {allocated / calls} B per call");
    sampled?.Print(calls);
    return 0;
}

if (args.Contains("--replay"))
{
    ReplayMeasurement.Run();
    return 0;
}

if (args.Contains("--simulate-year"))
{
    using var sampled = args.Contains("--allocations") ? new AllocationSampler() : null; // what the allocations are, per purchase
    YearSimulation.Run(oneByOne: args.Contains("--one-by-one"), cold: args.Contains("--cold"), inputOnly: args.Contains("--input-only"), outcomes: args.Contains("--outcomes"));
    sampled?.Print(1_000_000);
    return 0;
}

if (args.Contains("--expire-million"))
{
    LedgerBenchmarks.ExpireOneMillionAccounts();
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(P1Benchmarks).Assembly).Run(args);
return 0;
