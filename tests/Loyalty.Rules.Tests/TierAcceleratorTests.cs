using System.Linq;
using Xunit;
using static Loyalty.Rules.Tests.TestData;

namespace Loyalty.Rules.Tests;

public class TierAcceleratorTests
{
    private static LoyaltyProgram OnePerDollarThreeTiers() => Program("Bronze", "Silver", "Gold")
        .AddEarnRate("base", 1m)
        .AddTierAccelerator("tiers", ("Silver", 1.25m), ("Gold", 1.5m))
        .Build();

    [Theory]
    [InlineData(null, 100)]
    [InlineData("Bronze", 100)]
    [InlineData("Silver", 125)]
    [InlineData("Gold", 150)]
    public void TierAccelerator_OnePerDollar_AcceleratesByTier(string? tier, long expected)
        => Assert.Equal(expected, OnePerDollarThreeTiers().Points(Purchase(Line(100m)), Member(tier)));

    [Fact]
    public void TierAccelerator_Item_ShowsTierAndFactor()
    {
        var item = OnePerDollarThreeTiers().Evaluate(Purchase(Line(100m)), Member("Gold")).Items.Single(i => i.RuleId == "tiers");
        Assert.Equal((50m, 1.5m, "x1.5 Gold tier"), (item.Points, item.Factor, item.Reason));
    }

    [Fact]
    public void TierAccelerator_WithTenureMultiplier_Multiplies()
    {
        var program = Program("Gold")
            .AddEarnRate("base", 1m)
            .AddTierAccelerator("tiers", ("Gold", 1.5m))
            .AddMultiplier("tenure", 1.1m, null)
            .Build();
        Assert.Equal(165, program.Points(Purchase(Line(100m)), Member("Gold")));
    }

    [Fact]
    public void TierAccelerator_DoesNotMultiplyBonuses()
    {
        var program = Program("Gold")
            .AddEarnRate("base", 1m)
            .AddFixedBonus("bonus", new Points(10), null)
            .AddTierAccelerator("tiers", ("Gold", 2m))
            .Build();
        Assert.Equal(20 + 10, program.Points(Purchase(Line(10m)), Member("Gold")));
    }
}
