using System.Linq;
using BenchmarkDotNet.Attributes;

namespace Loyalty.Rules.Benchmarks;

/// <summary>
/// How cost grows with the program: P1 plus 10, 100 or 1,000 campaign rules of which only a few apply to any one
/// transaction (sku multipliers, one-day bonuses spread over the year, category percentages for categories W1 never
/// sells). Evaluated over all of W1, total path; ns and bytes per transaction.
/// </summary>
[MemoryDiagnoser]
public class ScalingBenchmarks
{
    private const int W1Size = 10_000;
    private W1Inputs inputs = null!;
    private AccrualEvaluator evaluator = null!;

    [Params(10, 100, 1_000)]
    public int Rules { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        inputs = new W1Inputs();
        evaluator = ScalingProgram.Build(Rules).Evaluator;
    }

    [Benchmark(OperationsPerInvoke = W1Size)]
    public long EvaluateW1()
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
}

/// <summary>How cost grows with the basket: P1 on baskets of 1, 8 and 64 lines (W1's lines repeated).</summary>
[MemoryDiagnoser]
public class BasketBenchmarks
{
    private const int Baskets = 1_000;
    private Transaction[] transactions = null!;
    private MemberContext[] members = null!;
    private AccrualEvaluator evaluator = null!;

    [Params(1, 8, 64)]
    public int Lines { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var inputs = new W1Inputs();
        evaluator = Samples.CoffeeProgram.Build().Evaluator;
        var allLines = inputs.Transactions.SelectMany(t => t.Lines).ToArray();
        transactions = inputs.Transactions.Take(Baskets).Select((t, i) => new Transaction(t.Id, t.MemberId, t.OccurredAt, "USD", t.Channel,
            Enumerable.Range(0, Lines).Select(l => allLines[((i * 64) + l) % allLines.Length]))).ToArray();
        members = inputs.Members.Take(Baskets).ToArray();
    }

    [Benchmark(OperationsPerInvoke = Baskets)]
    public long EvaluateBaskets()
    {
        long sum = 0;
        for (int i = 0; i < transactions.Length; i++)
        {
            sum += evaluator.EvaluateTotal(transactions[i], members[i]).Points.Value;
        }

        return sum;
    }
}
