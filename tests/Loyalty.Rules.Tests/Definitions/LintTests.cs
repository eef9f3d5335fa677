using System.Collections.Generic;
using System.Linq;
using NodaTime;
using Xunit;

namespace Loyalty.Rules.Tests.Definitions;

public class LintTests
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    private static readonly Instant June = Instant.FromUtc(2026, 6, 1, 16, 0);

    [Fact]
    public void Lint_ReportsOverlapsRulesThatCanNeverFireAndStackedMultipliers_WithJsonPaths()
    {
        var program = new LoyaltyProgramBuilder("lint", "USD", NewYork)
            .WithTiers("Silver", "Gold")
            .WithEarningBase(new EarningBase { ExcludedCategories = ["gift-card"] })
            .WithLint(new LintPolicy { MaxStackedMultiplier = 2.5m })
            .AddEarnRate("base", 1m, new Dictionary<string, decimal> { ["gift-card"] = 5m, ["merch"] = 2m })
            .AddPolicy(new EarnRate { Id = "app-rate", PointsPerUnit = 2m, When = new Condition { Channels = ["app"] } })
            .AddPolicy(new EarnRate { Id = "partner-rate", PointsPerUnit = 1m, Stackable = true })
            .AddMultiplier("spring", 2m, new Condition { To = new LocalDate(2026, 4, 30) })
            .AddPolicy(new Multiplier { Id = "gift-x3", Factor = 3m, Categories = ["gift-card"] })
            .AddGroup("weekday", Composition.FirstMatch, g => g
                .AddMultiplier("always", 1.5m, null)
                .AddMultiplier("weekend", 2m, new Condition { DaysOfWeek = [IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday] }))
            .AddTierAccelerator("tiers", ("Silver", 1.2m), ("Gold", 2m))
            .AddActivity(new ActivityRule { Id = "launch-review", Activity = ActivityKind.Review, Points = new Points(50), When = new Condition { To = new LocalDate(2026, 5, 31) } })
            .Build();

        var findings = program.Lint(June).Select(f => f.ToString());

        Assert.Equal(
            [
                "$.earn[0].categoryRates['gift-card']: category 'gift-card' is excluded from earning by the earning base: this rate never applies.",
                "$.earn[1]: pays on the same lines as 'base' ($.earn[0]) when both apply: mark one stackable, or put them in a first-match or best-of group.",
                "$.earn[3].when.to: its window ended on 2026-04-30: it can never fire again.",
                "$.earn[4]: acts only on gift-card, excluded from earning by the earning base: it can never fire.",
                "$.earn[5].policies[1]: can never fire: 'always' comes first in this first-match group (priority 0) and has no condition.",
                "$.activities[0].when.to: its window ended on 2026-05-31: it can never fire again.",
                "$.earn: multipliers can stack to x3 (always x1.5, tiers x2), above the ceiling x2.5 the program sets in lint.maxStackedMultiplier.",
            ],
            findings);
    }

    [Fact]
    public void Lint_RatesForDisjointChannelsOrTiers_DoNotOverlap_AndACleanProgramHasNothingToSay()
    {
        var program = new LoyaltyProgramBuilder("lint", "USD", NewYork)
            .WithTiers("Silver", "Gold")
            .AddPolicy(new EarnRate { Id = "store-rate", PointsPerUnit = 1m, When = new Condition { Channels = ["store"] } })
            .AddPolicy(new EarnRate { Id = "app-rate", PointsPerUnit = 2m, When = new Condition { Channels = ["app"] } })
            .AddPolicy(new EarnRate { Id = "silver-web", PointsPerUnit = 1m, When = new Condition { Channels = ["web"], Tiers = ["Silver"] } })
            .AddPolicy(new EarnRate { Id = "gold-web", PointsPerUnit = 3m, When = new Condition { Channels = ["web"], Tiers = ["Gold"] } })
            .AddMultiplier("summer", 2m, new Condition { From = new LocalDate(2026, 6, 1), To = new LocalDate(2026, 8, 31) })
            .WithLint(new LintPolicy { MaxStackedMultiplier = 2m })
            .Build();

        Assert.Empty(program.Lint(June));
        Assert.Single(program.Lint(Instant.FromUtc(2026, 9, 1, 16, 0))); // summer is over
    }

    [Fact]
    public void Lint_FromJson_NamesThePathsOfTheFile()
    {
        var program = LoyaltyProgram.FromJson("""
            {
              "schemaVersion": 1, "id": "overlap", "currency": "USD", "timeZone": "UTC",
              "earn": [
                { "kind": "rate", "id": "base", "pointsPerUnit": 1 },
                { "kind": "rate", "id": "bonus", "pointsPerUnit": 1, "stackable": true },
                { "kind": "rate", "id": "double", "pointsPerUnit": 2 }
              ],
              "lint": { "maxStackedMultiplier": 3 }
            }
            """);

        Assert.Equal(["$.earn[2]"], program.Lint(June).Select(f => f.Path));
        Assert.Contains("\"stackable\": true", program.ToJson(), System.StringComparison.Ordinal);
        Assert.Contains("\"maxStackedMultiplier\": 3", program.ToJson(), System.StringComparison.Ordinal);
    }
}
