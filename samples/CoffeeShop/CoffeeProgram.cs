using System.Collections.Generic;
using NodaTime;

namespace Loyalty.Rules.Samples;

/// <summary>
/// Reference program P1, a coffee chain: 2 points per dollar (merch 3), gift cards earn nothing, tier
/// accelerators, double points on Tuesdays in New York, +50 for spending 35.00, +10 in the app, floor once,
/// at most 2,000 points per transaction. Built with the public API only. Beyond P1 (which defines earning only),
/// the ledger: points are pending for a 14-day returns window and expire 12 months after earning; the app bonus
/// is promotional and expires after 30 days; rewards are redeemed in blocks of 100 points, 100 points = 1.00 USD;
/// tiers qualify on calendar-year spend: Silver at 350.00, Gold at 1,000.00. Referrals are double-sided: a referee
/// whose first purchase of at least 10.00 comes within 30 days of sign-up gets a free drink, and the referrer 500
/// points (750 from the 6th referral of the year, 1,000 from the 11th, at most 10,000 a year), all within 10% of a
/// 250.00 lifetime value. Fraud checks hold a purchase worth more than 1,500 points or the 6th purchase within an
/// hour for a 7-day review (voided if nobody releases it), reject a receipt already claimed, a 4th redemption
/// within 24 hours and a referral between members sharing an e-mail, phone, device, card or address (a shared IP
/// address holds).
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
            .WithReferral(new ReferralPolicy
            {
                Referee = ReferralReward.Named("free-drink", 5.00m),
                Ladder = [new(1, 500), new(6, 750), new(11, 1000)],
                MaxPointsPerWindow = 10_000,
                Qualification = ReferralQualification.FirstPurchase(10.00m, 30),
                ExpectedLifetimeValue = 250.00m,
                MaxShareOfLifetimeValue = 0.10m,
            })
            .AddFraudCheck(new PointsCeiling(1500))
            .AddFraudCheck(new Velocity(Duration.FromHours(1)) { MaxPurchases = 5 })
            .AddFraudCheck(new DuplicateTransaction())
            .AddFraudCheck(new RedemptionVelocity(Duration.FromHours(24), 3))
            .AddFraudCheck(new SelfReferral())
            .AddFraudCheck(new ReferralFingerprintVelocity(5))
            .WithHoldReview(new HoldReview(7, HoldResolution.Void))
            .Build();
}
