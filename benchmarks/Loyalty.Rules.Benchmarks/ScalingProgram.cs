using System.Collections.Generic;
using NodaTime;

namespace Loyalty.Rules.Benchmarks;

/// <summary>
/// P1 grown by campaign rules of which only a few apply to any one W1 transaction: multipliers on one sku each, one-day
/// bonuses spread over 2026, percentages on categories W1 never sells.
/// </summary>
public static class ScalingProgram
{
    /// <summary>P1 with <paramref name="rules"/> campaign rules inserted before its cap.</summary>
    public static LoyaltyProgram Build(int rules)
    {
        var builder = new LoyaltyProgramBuilder("scaling", "USD", DateTimeZoneProviders.Tzdb["America/New_York"])
            .WithTiers("Green", "Silver", "Gold")
            .WithEarningBase(new EarningBase { ExcludedCategories = ["gift-card"] })
            .AddEarnRate("base-rate", 2m, new Dictionary<string, decimal> { ["merch"] = 3m })
            .AddTierAccelerator("tier-accelerator", ("Green", 1.0m), ("Silver", 1.2m), ("Gold", 1.5m))
            .AddMultiplier("double-tuesday", 2m, new Condition { DaysOfWeek = [IsoDayOfWeek.Tuesday] })
            .AddSpendThresholdBonus("spend-35", 35.00m, new Points(50))
            .AddFixedBonus("app-bonus", new Points(10), new Condition { Channels = ["app"] });
        var first = new LocalDate(2026, 1, 1);
        for (int i = 0; i < rules; i++)
        {
            EarnPolicy rule = (i % 3) switch
            {
                0 => new Multiplier { Id = $"sku-{i}", Factor = 1.5m, Skus = [$"SKU-{(i * 7) % 1000:D4}"] },
                1 => new FixedBonus { Id = $"day-{i}", Points = new Points(25), When = new Condition { From = first.PlusDays(i % 365), To = first.PlusDays(i % 365) } },
                _ => new PercentageBonus { Id = $"season-{i}", Percent = 10m, Categories = [$"seasonal-{i}"] },
            };
            builder.AddPolicy(rule);
        }

        return builder.AddTransactionCap("cap-2000", new Points(2000)).Build();
    }
}
