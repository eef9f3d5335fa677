using BenchmarkDotNet.Attributes;
using Loyalty.Rules.Samples;

namespace Loyalty.Rules.Benchmarks;

/// <summary>
/// Throughput: P1 over W1 with the batch API, on one core and on all cores (per transaction; transactions per second
/// is 1e9 divided by the mean).
/// </summary>
[MemoryDiagnoser]
public class ThroughputBenchmarks
{
    private const int W1Size = 10_000;
    private W1Inputs inputs = null!;
    private AccrualEvaluator evaluator = null!;
    private AccrualTotal[] results = null!;

    [GlobalSetup]
    public void Setup()
    {
        inputs = new W1Inputs();
        evaluator = CoffeeProgram.Build().Evaluator;
        results = new AccrualTotal[W1Size];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = W1Size, Description = "EvaluateTotals, one core")]
    public AccrualTotal OneCore()
    {
        evaluator.EvaluateTotals(inputs.Transactions, inputs.Members, results);
        return results[^1];
    }

    [Benchmark(OperationsPerInvoke = W1Size, Description = "EvaluateTotalsInParallel, all cores")]
    public AccrualTotal AllCores()
    {
        evaluator.EvaluateTotalsInParallel(inputs.Transactions, inputs.Members, results);
        return results[^1];
    }
}
