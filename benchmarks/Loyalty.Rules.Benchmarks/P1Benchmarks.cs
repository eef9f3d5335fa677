using BenchmarkDotNet.Attributes;
using Loyalty.Rules.Samples;

namespace Loyalty.Rules.Benchmarks;

/// <summary>P1 over all of W1: ns and bytes per transaction (OperationsPerInvoke = W1's size).</summary>
[MemoryDiagnoser]
public class P1Benchmarks
{
    private const int W1Size = 10_000;
    private W1Inputs inputs = null!;
    private AccrualEvaluator evaluator = null!;
    private HandTunedP1 tuned = null!;
    private RulesEngineP1 peer = null!;
    private PeerInput[] peerInputs = null!;

    [GlobalSetup]
    public void Setup()
    {
        inputs = new W1Inputs();
        evaluator = CoffeeProgram.Build().Evaluator;
        tuned = new HandTunedP1(inputs.Raw);
        peer = new RulesEngineP1();
        peerInputs = [.. System.Linq.Enumerable.Select(inputs.Raw, RulesEngineP1.Convert)];
    }

    [Benchmark(OperationsPerInvoke = W1Size)]
    public long RulesEngine()
    {
        long sum = 0;
        foreach (var input in peerInputs)
        {
            sum += peer.Points(input);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = W1Size)]
    public long HandTuned()
    {
        long sum = 0;
        for (int i = 0; i < tuned.Count; i++)
        {
            sum += tuned.Points(i);
        }

        return sum;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = W1Size)]
    public long HandCoded()
    {
        long sum = 0;
        foreach (var t in inputs.Raw)
        {
            sum += HandCodedP1.Points(t);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = W1Size)]
    public long LibraryTotal()
    {
        long sum = 0;
        var transactions = inputs.Transactions;
        var members = inputs.Members;
        for (int i = 0; i < transactions.Length; i++)
        {
            sum += evaluator.EvaluateTotal(transactions[i], members[i]).Points.Value;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = W1Size)]
    public long LibraryItemized()
    {
        long sum = 0;
        var transactions = inputs.Transactions;
        var members = inputs.Members;
        for (int i = 0; i < transactions.Length; i++)
        {
            sum += evaluator.Evaluate(transactions[i], members[i]).Total.Value;
        }

        return sum;
    }
}
