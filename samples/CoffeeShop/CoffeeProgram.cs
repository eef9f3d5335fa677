using System.Collections.Generic;
using NodaTime;

namespace Loyalty.Rules.Samples;

/// <summary>
/// Reference program P1, a coffee chain: 2 points per dollar (merch 3), gift cards earn nothing, tier
/// accelerators, double points on Tuesdays in New York, +50 for spending 35.00, +10 in the app, floor once,
/// at most 2,000 points per transaction. Built with the public API only. Beyond P1 (which defines earning only),
/// the ledger: points are pending for a 14-day returns window and expire 12 months after earning; the app bonus
/// is promotional and expires after 30 days; rewards are redeemed in blocks of 100 points, 100 points = 1.00 USD;
/// tiers qualify on calendar-year spend: Silver at 350.00, Gold at 1,000.00.
/// </summary>
public static class CoffeeProgram
{
    /// <summary>The tiers, lowest first.</summary>
    public static readonly string[] Tiers = ["Green", "Silver", "Gold"];

    /// <summary>Builds P1.</summary>
    /// <returns>The program.</returns>
    public static LoyaltyProgram Build()
        => new LoyaltyProgramBuilder("coffee", "USD", DateTimeZoneProviders.Tzdb["America/New_York"])
            .WithTiers(Tiers)
            .WithTierLadder(new TierLadder
            {
                Window = TierWindow.CalendarYear,
                Tiers =
                [
                    new TierDefinition { Id = "Green", EarnMultiplier = 1.0m },
                    new TierDefinition { Id = "Silver", Thresholds = new Dictionary<TierMetric, decimal> { [TierMetric.Spend] = 350m }, EarnMultiplier = 1.2m, Perks = ["free refill"] },
                    new TierDefinition { Id = "Gold", Thresholds = new Dictionary<TierMetric, decimal> { [TierMetric.Spend] = 1000m }, EarnMultiplier = 1.5m, Perks = ["free refill", "free drink on birthday"] },
                ],
            })
            .WithEarningBase(new EarningBase { ExcludedCategories = ["gift-card"] })
            .WithRounding(new RoundingPolicy { Mode = RoundingMode.Floor, Scope = RoundingScope.PerTransaction })
            .AddEarnRate("base-rate", 2m, new Dictionary<string, decimal> { ["merch"] = 3m })
            .AddTierAccelerator("tier-accelerator", ("Green", 1.0m), ("Silver", 1.2m), ("Gold", 1.5m))
            .AddMultiplier("double-tuesday", 2m, new Condition { DaysOfWeek = [IsoDayOfWeek.Tuesday] }, "Double Tuesday")
            .AddSpendThresholdBonus("spend-35", 35.00m, new Points(50))
            .AddFixedBonus("app-bonus", new Points(10), new Condition { Channels = ["app"] })
            .AddTransactionCap("cap-2000", new Points(2000))
            .WithLots(new LotPolicy { PendingDays = 14, Expiry = ExpiryPolicy.FixedTerm(Period.FromMonths(12)) })
            .WithRuleLots("app-bonus", new LotPolicy { Expiry = ExpiryPolicy.FixedTerm(Period.FromDays(30)) })
            .WithRedemption(new RedemptionPolicy { Minimum = 100, Increment = 100, PointsPerCurrencyUnit = 100m })
            .Build();
}
