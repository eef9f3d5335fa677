using System;
using System.Linq;
using Loyalty.Rules.Samples;
using Xunit;

namespace Loyalty.Rules.Tests;

public class BatchTests
{
    private static readonly AccrualEvaluator P1 = CoffeeProgram.Build().Evaluator;

    private static (Transaction[] Transactions, MemberContext[] Members) W1(int count)
    {
        var w1 = TestData.W1(count).ToList();
        return ([.. w1.Select(w => w.Transaction)], [.. w1.Select(w => w.Member)]);
    }

    [Fact]
    public void Batches_OnOneCoreAndOnAll_GiveWhatOneByOneGives()
    {
        var (transactions, members) = W1(3_001);
        var one = new AccrualTotal[transactions.Length];
        var all = new AccrualTotal[transactions.Length];

        P1.EvaluateTotals(transactions, members, one);
        P1.EvaluateTotalsInParallel(transactions, members, all, maxDegreeOfParallelism: 4);

        Assert.Equal(transactions.Select((t, i) => P1.EvaluateTotal(t, members[i])), one);
        Assert.Equal(one, all);
    }

    [Fact]
    public void Batch_WithAnInvalidTransaction_ThrowsItsOwnException()
    {
        var (transactions, members) = W1(100);
        members[57] = new MemberContext(members[57].MemberId, "Platinum");

        var error = Assert.ThrowsAny<ArgumentException>(() => P1.EvaluateTotalsInParallel(transactions, members, new AccrualTotal[100]));

        Assert.StartsWith("member.TierId", error.Message, StringComparison.Ordinal);
        Assert.ThrowsAny<ArgumentException>(() => P1.EvaluateTotals(transactions, members[..99], new AccrualTotal[100]));
    }
}
