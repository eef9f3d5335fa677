using Xunit;
using static Loyalty.Rules.Tests.TestData;

namespace Loyalty.Rules.Tests;

public class BonusTests
{
    private static LoyaltyProgram SpendThirtyFive() => Program()
        .WithEarningBase(new EarningBase { ExcludedCategories = ["gift-card"] })
        .AddEarnRate("base", 2m)
        .AddSpendThresholdBonus("spend-35", 35.00m, new Points(50))
        .Build();

    [Fact]
    public void SpendThreshold_MetExactly_PaysTheBonus()
    {
        var result = SpendThirtyFive().Evaluate(Purchase(Line(20.00m), Line(15.00m, "food")));
        Assert.Equal(70 + 50, result.Total.Value);
        Assert.Contains(result.Items, i => i.RuleId == "spend-35" && i.Points == 50m && i.Kind == AccrualItemKind.Bonus);
    }

    [Fact]
    public void SpendThreshold_MissedByACent_PaysNothing()
    {
        var result = SpendThirtyFive().Evaluate(Purchase(Line(20.00m), Line(14.99m, "food")));
        Assert.Equal(69, result.Total.Value); // 69.98 floored
        Assert.DoesNotContain(result.Items, i => i.RuleId == "spend-35");
    }

    [Fact]
    public void SpendThreshold_CountsOnlyEligibleSpend()
        => Assert.Equal(40, SpendThirtyFive().Points(Purchase(Line(20.00m), Line(20.00m, "gift-card"))));

    [Fact]
    public void SpendThreshold_LineDiscount_ReducesSpend()
        => Assert.Equal(69, SpendThirtyFive().Points(Purchase(new TransactionLine("LATTE", "coffee", 7m, 5.00m, 0.01m))));

    [Fact]
    public void FixedBonus_OnAppChannel_AddsTenNotMultiplied()
    {
        var program = Program()
            .AddEarnRate("base", 1m)
            .AddFixedBonus("app", new Points(10), new Condition { Channels = ["app"] })
            .AddMultiplier("x2", 2m, null)
            .Build();

        Assert.Equal(20 + 10, program.Points(Purchase(AMonday, "app", Line(10m))));
        Assert.Equal(20, program.Points(Purchase(AMonday, "store", Line(10m))));
    }

    [Fact]
    public void FirstPurchaseBonus_PaysOnlyOnFirstPurchase()
    {
        var program = Program().AddEarnRate("base", 1m).AddFirstPurchaseBonus("welcome", new Points(100)).Build();
        Assert.Equal(110, program.Points(Purchase(Line(10m)), Member(firstPurchase: true)));
        Assert.Equal(10, program.Points(Purchase(Line(10m)), Member(firstPurchase: false)));
    }
}
