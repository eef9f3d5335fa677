using System.Linq;
using Xunit;
using static Loyalty.Rules.Tests.TestData;

namespace Loyalty.Rules.Tests;

public class CapTests
{
    private static LoyaltyProgram Capped(bool carry = false) => Program()
        .WithRounding(new RoundingPolicy { CarryFraction = carry })
        .AddEarnRate("base", 2m)
        .AddTransactionCap("cap", new Points(2000))
        .Build();

    [Fact]
    public void Cap_Bites_TotalIsCapAndFlagged()
    {
        var result = Capped().Evaluate(Purchase(Line(1500m)));

        Assert.Equal(2000, result.Total.Value);
        Assert.True(result.Capped);
        var cap = result.Items.Single(i => i.Kind == AccrualItemKind.Cap);
        Assert.Equal(("cap", -1000m), (cap.RuleId, cap.Points));
    }

    [Fact]
    public void Cap_NotReached_ChangesNothing()
    {
        var result = Capped().Evaluate(Purchase(Line(500m)));
        Assert.Equal(1000, result.Total.Value);
        Assert.False(result.Capped);
    }

    [Fact]
    public void Cap_AppliesAfterRounding()
    {
        // 2000.98 exact floors to 2000, which the cap allows: not capped.
        var result = Capped().Evaluate(Purchase(Line(1000.49m)));
        Assert.Equal(2000, result.Total.Value);
        Assert.False(result.Capped);
    }

    [Fact]
    public void Cap_WhenItBites_NothingIsCarried()
    {
        Assert.Equal(0m, Capped(carry: true).Evaluate(Purchase(Line(1500.45m))).CarriedFraction);
        Assert.Equal(0.9m, Capped(carry: true).Evaluate(Purchase(Line(500.45m))).CarriedFraction);
    }

    [Fact]
    public void Cap_WithCondition_OnlyCapsWhenItHolds()
    {
        var program = Program()
            .AddEarnRate("base", 1m)
            .AddPolicy(new TransactionCap { Id = "web-cap", MaxPoints = new Points(100), When = new Condition { Channels = ["web"] } })
            .Build();
        Assert.Equal(100, program.Points(Purchase(AMonday, "web", Line(500m))));
        Assert.Equal(500, program.Points(Purchase(AMonday, "store", Line(500m))));
    }
}
