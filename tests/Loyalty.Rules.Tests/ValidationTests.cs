using System;
using System.Collections.Generic;
using System.Linq;
using NodaTime;
using Xunit;
using static Loyalty.Rules.Tests.TestData;

namespace Loyalty.Rules.Tests;

public class ValidationTests
{
    [Fact]
    public void Defaults_AreValid()
    {
        var program = new LoyaltyProgramBuilder("p", "USD", DateTimeZone.Utc).Build();
        Assert.Equal((1, RoundingPolicy.Default, EarningBase.Default.IncludeTax), (program.Version, program.Rounding, program.EarningBase.IncludeTax));
        Assert.Equal(RoundingMode.Floor, program.Rounding.Mode);
        Assert.Equal(RoundingScope.PerTransaction, program.Rounding.Scope);
        Assert.False(program.Rounding.CarryFraction);
    }

    [Fact]
    public void Build_InvalidProgram_ListsEveryProblemWithItsPath()
    {
        var builder = new LoyaltyProgramBuilder("", "usd", NewYork)
            .WithVersion(0)
            .WithTiers("Gold", "Gold")
            .WithRounding(new RoundingPolicy { Scope = RoundingScope.PerLine, CarryFraction = true })
            .AddEarnRate("base", -1m, new Dictionary<string, decimal> { ["merch"] = -2m })
            .AddTransactionCap("cap", new Points(100))
            .AddFixedBonus("base", new Points(0), new Condition { From = new LocalDate(2026, 2, 1), To = new LocalDate(2026, 1, 1) })
            .AddTierAccelerator("tiers", ("Platinum", 2m));

        var error = Assert.Throws<ProgramValidationException>(() => builder.Build());

        Assert.Equal(
            [
                "id: is required.",
                "version: must be 1 or more, was 0.",
                "currency: 'usd' is not an ISO 4217 code (three upper-case letters).",
                "tiers[1]: 'Gold' is declared twice.",
                "rounding.carryFraction: carrying the fraction needs per-transaction rounding: per-line rounding has no single fraction to carry.",
                "earn[0] (id 'base').pointsPerUnit: must not be negative, was -1.",
                "earn[0] (id 'base').categoryRates['merch']: must not be negative, was -2.",
                "earn[2]: comes after a cap: caps act on the rounded total, so they stand at the end of the pipeline.",
                "earn[2] (id 'base').id: 'base' is used by another rule; rule ids must be unique in a program.",
                "earn[2] (id 'base').when.to: 2026-01-01 is before from 2026-02-01.",
                "earn[2] (id 'base').points: must be positive, was 0.",
                "earn[3]: comes after a cap: caps act on the rounded total, so they stand at the end of the pipeline.",
                "earn[3] (id 'tiers').factors['Platinum']: tier 'Platinum' is not declared; the program's tiers are Gold.",
            ],
            error.Problems.Select(p => p.ToString()));
        Assert.StartsWith("The program is invalid (13 problems):", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ProblemsInsideGroups_HaveNestedPaths()
    {
        var builder = TestData.Program()
            .AddBestOf("best", g => g
                .AddMultiplier("x", -2m, null)
                .AddPolicy(new TransactionCap { Id = "cap", MaxPoints = new Points(5) }));

        var error = Assert.Throws<ProgramValidationException>(() => builder.Build());

        Assert.Equal(
            [
                "earn[0].policies[0] (id 'x').factor: must not be negative, was -2.",
                "earn[0] (id 'best').policies[1]: a cap cannot be inside a group: caps act on the rounded total, at the end of the pipeline.",
            ],
            error.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Build_EmptyGroupAndUndeclaredConditionTier_AreReported()
    {
        var builder = TestData.Program("Gold")
            .AddPolicy(new PolicyGroup { Id = "g", Composition = Composition.Sum, Policies = [] })
            .AddMultiplier("m", 2m, new Condition { Tiers = ["gold"], Channels = ["app", "app"] });

        var error = Assert.Throws<ProgramValidationException>(() => builder.Build());

        Assert.Equal(
            [
                "earn[0] (id 'g').policies: a group needs at least one member.",
                "earn[1] (id 'm').when.channels[1]: 'app' is listed twice.",
                "earn[1] (id 'm').when.tiers[0]: tier 'gold' is not declared; the program's tiers are Gold.",
            ],
            error.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Builder_IsSingleUse()
    {
        var builder = TestData.Program().AddEarnRate("base", 1m);
        builder.Build();
        Assert.Throws<InvalidOperationException>(() => builder.Build());
        Assert.Throws<InvalidOperationException>(() => builder.AddEarnRate("more", 1m));
    }

    [Fact]
    public void Build_CopiesCollections_SoLaterChangesDoNotLeakIn()
    {
        var rates = new Dictionary<string, decimal> { ["merch"] = 3m };
        var program = TestData.Program().AddEarnRate("base", 1m, rates).Build();
        rates["merch"] = 100m;

        Assert.Equal(30, program.Points(Purchase(Line(10m, "merch"))));
        Assert.Equal(3m, ((EarnRate)program.Earn[0]).CategoryRates["merch"]);
    }
}
