using System.Collections.Generic;
using Xunit;
using static Loyalty.Rules.Tests.TestData;

namespace Loyalty.Rules.Tests;

public class EarnRateTests
{
    [Fact]
    public void EarnRate_TwoPerDollar_IsProportionalThenFloored()
    {
        var result = Program().AddEarnRate("base", 2m).Build().Evaluate(Purchase(Line(12.45m)));

        Assert.Equal(24, result.Total.Value);
        Assert.Equal(24.90m, result.ExactPoints);
        Assert.Collection(
            result.Items,
            item => Assert.Equal(("base", AccrualItemKind.Earn, 24.90m), (item.RuleId, item.Kind, item.Points)),
            item => Assert.Equal(("rounding", AccrualItemKind.Rounding, -0.90m), (item.RuleId, item.Kind, item.Points)));
    }

    [Fact]
    public void EarnRate_EightPerDollar_EarnsEightTimesSpend()
        => Assert.Equal(99, Program().AddEarnRate("base", 8m).Build().Points(Purchase(Line(12.45m))));

    [Fact]
    public void EarnRate_MostSpecificRateWins_SkuThenCategoryThenBase()
    {
        var program = Program().AddEarnRate(new EarnRate
        {
            Id = "base",
            PointsPerUnit = 1m,
            CategoryRates = new Dictionary<string, decimal> { ["merch"] = 3m },
            SkuRates = new Dictionary<string, decimal> { ["BEANS-1"] = 5m },
        }).Build();

        var purchase = Purchase(Line(10m, "merch", "BEANS-1"), Line(10m, "merch", "MUG-1"), Line(10m, "coffee"));

        Assert.Equal(50 + 30 + 10, program.Points(purchase));
    }

    [Fact]
    public void EarnRate_CategoryMatch_IsOrdinal()
    {
        var program = Program().AddEarnRate("base", 1m, new Dictionary<string, decimal> { ["merch"] = 3m }).Build();
        Assert.Equal(10, program.Points(Purchase(Line(10m, "Merch"))));
    }

    [Fact]
    public void EarnRate_PerWholeUnit_EarnsOnWholeUnitsOfEachLine()
    {
        var program = Program().AddEarnRate(new EarnRate { Id = "base", PointsPerUnit = 2m, PerWholeUnit = true }).Build();
        Assert.Equal(24, program.Points(Purchase(Line(12.99m))));
        Assert.Equal(0, program.Points(Purchase(Line(0.99m), Line(0.99m, "food"))));
    }

    [Fact]
    public void EarningBase_GiftCardCategory_EarnsNothingAndIsNotEligibleSpend()
    {
        var program = Program()
            .WithEarningBase(new EarningBase { ExcludedCategories = ["gift-card"] })
            .AddEarnRate("base", 2m)
            .Build();

        var result = program.Evaluate(Purchase(Line(10m), Line(50m, "gift-card")));

        Assert.Equal(20, result.Total.Value);
        Assert.Equal(new Money(10m, "USD"), result.EligibleSpend);
    }

    [Fact]
    public void EarningBase_ExcludedSku_EarnsNothing()
    {
        var program = Program().WithEarningBase(new EarningBase { ExcludedSkus = ["TOBACCO"] }).AddEarnRate("base", 1m).Build();
        Assert.Equal(5, program.Points(Purchase(Line(5m), Line(20m, "other", "TOBACCO"))));
    }

    [Fact]
    public void EarnRate_Conditional_EarnsOnlyWhenConditionHolds()
    {
        var program = Program()
            .AddEarnRate(new EarnRate { Id = "partner-rate", PointsPerUnit = 4m, When = new Condition { Partners = ["AIRLINE"] } })
            .Build();
        var atPartner = new Transaction("T1", "M1", AMonday, "USD", "web", [Line(10m)], partnerId: "AIRLINE");

        Assert.Equal(40, program.Points(atPartner));
        Assert.Equal(0, program.Points(Purchase(Line(10m))));
        Assert.Empty(program.Evaluate(Purchase(Line(10m))).Items);
    }

    [Fact]
    public void Evaluate_Explanation_NamesEveryRule()
    {
        var result = Program().AddEarnRate("base", 2m).Build().Evaluate(Purchase(Line(12.45m)));
        var lines = result.ToString().Split('\n');
        Assert.Equal(4, lines.Length); // heading, base, rounding, total
        Assert.Contains("base", lines[1], System.StringComparison.Ordinal);
        Assert.Contains("2 pts per 1 USD", lines[1], System.StringComparison.Ordinal);
        Assert.Contains("rounding", lines[2], System.StringComparison.Ordinal);
        Assert.Contains("total", lines[3], System.StringComparison.Ordinal);
    }
}
