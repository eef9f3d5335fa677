using System.Linq;
using Loyalty.Rules.Samples;
using NodaTime;
using Xunit;

namespace Loyalty.Rules.Tests;

/// <summary>Reference program P1 on hand-computed transactions.</summary>
public class P1Tests
{
    private static readonly LoyaltyProgram P1 = CoffeeProgram.Build();

    // Tuesday 2026-03-10 12:00 in New York.
    private static readonly Instant Tuesday = Instant.FromUtc(2026, 3, 10, 16, 0);
    private static readonly Instant Thursday = Instant.FromUtc(2026, 3, 12, 16, 0);

    private static Transaction Purchase(Instant at, string channel, params TransactionLine[] lines) => new("T1", "M1", at, "USD", channel, lines);

    [Fact]
    public void P1_GoldOnTuesdayInTheApp_ExplainsEveryPoint()
    {
        // rated 12.45 x 2 + 8.00 x 3 = 48.90; Gold x1.5 = 73.35; Tuesday x2 = 146.70; spend 20.45 < 35; app +10: 156.70, floor 156.
        var purchase = Purchase(Tuesday, "app",
            new TransactionLine("LATTE", "coffee", 3m, 4.15m),
            new TransactionLine("MUG", "merch", 1m, 8.00m),
            new TransactionLine("GIFT-25", "gift-card", 1m, 25.00m));

        var result = P1.Evaluator.Evaluate(purchase, new MemberContext("M1", "Gold"));

        Assert.Equal(156, result.Total.Value);
        Assert.Equal(
            [("base-rate", 48.90m), ("tier-accelerator", 24.45m), ("double-tuesday", 73.35m), ("app-bonus", 10m), ("rounding", -0.70m)],
            result.Items.Select(i => (i.RuleId, i.Points)));
        Assert.Equal(20.45m, result.EligibleSpend.Amount);
    }

    [Fact]
    public void P1_SilverOnThursdayAboveThreshold()
    {
        // rated 36.00 x 2 = 72.00; Silver x1.2 = 86.40; spend 36.00 >= 35: +50 = 136.40, floor 136.
        var purchase = Purchase(Thursday, "store", new TransactionLine("BEANS", "coffee", 2m, 18.00m));
        Assert.Equal(136, P1.Evaluator.EvaluateTotal(purchase, new MemberContext("M1", "Silver")).Points.Value);
    }

    [Fact]
    public void P1_BigOrder_IsCappedAt2000()
    {
        var purchase = Purchase(Tuesday, "store", new TransactionLine("ESPRESSO-MACHINE", "merch", 1m, 600.00m));
        var result = P1.Evaluator.Evaluate(purchase, new MemberContext("M1", "Gold"));
        Assert.Equal((2000L, true), (result.Total.Value, result.Capped));
    }
}
