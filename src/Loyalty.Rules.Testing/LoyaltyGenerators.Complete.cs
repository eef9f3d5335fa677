using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;

namespace Loyalty.Rules.Testing;

/// <summary>Generators of programs with every part (see <see cref="CompleteScenario"/>).</summary>
public static partial class LoyaltyGenerators
{
    private static readonly ExpiryPolicy[] Expiries =
    [
        ExpiryPolicy.Never,
        ExpiryPolicy.FixedTerm(Period.FromMonths(12)),
        ExpiryPolicy.FixedTerm(Period.FromDays(30)),
        ExpiryPolicy.EndOfPeriod(CalendarPeriod.Year, 1),
        ExpiryPolicy.EndOfPeriod(CalendarPeriod.Quarter, 0),
        ExpiryPolicy.Inactivity(Period.FromMonths(18)),
        ExpiryPolicy.EarliestOf(ExpiryPolicy.FixedTerm(Period.FromYears(2)), ExpiryPolicy.Inactivity(Period.FromWeeks(26))),
    ];

    /// <summary>
    /// A scenario whose program holds every part the library has, beyond the earn pipeline: an effective instant and
    /// version, lots with every expiry kind, rule lots, redemption, the ledger policy, a spend reward, activity rules, a
    /// tier ladder, a referral policy in each mode, fraud checks with a hold review, a lint ceiling, stackable rules, a
    /// reward catalog and expiry reminders, challenges, stamp cards, streaks and badges, transfers, households and a merge policy.
    /// </summary>
    /// <returns>The generator.</returns>
    public static Gen<LoyaltyScenario> CompleteScenario() =>
        from scenario in Scenario(allowCaps: true)
        from version in Gen.Choose(1, 4)
        from effective in Gen.Elements<Instant?>(null, Instant.FromUtc(2026, 1, 1, 5, 0))
        from pending in Gen.Elements(0, 14)
        from expiry in Gen.Elements(Expiries)
        from ruleLots in Gen.Elements(false, true)
        from minimum in Gen.Elements(1L, 100L)
        from perUnit in Gen.Elements(100m, 50.0m, 1m)
        from shortfall in Gen.Elements(Enum.GetValues<RefundShortfall>())
        from retention in Gen.Elements(Period.FromDays(90), Period.FromMonths(6))
        from reward in Gen.Elements(false, true)
        from activities in Gen.Choose(0, 2)
        from ladder in Gen.Elements(false, true)
        from referral in Gen.Choose(0, 3)
        from fraud in Gen.Elements(false, true)
        from resolution in Gen.Elements(HoldResolution.Release, HoldResolution.Void)
        from lint in Gen.Elements<decimal?>(null, 4m, 2.5m)
        from catalog in RewardCatalog(scenario.Program.Tiers)
        from reminders in Gen.Elements(false, true)
        from reminderPolicy in Reminders()
        from games in Games([.. catalog.Select(r => r.Id)], scenario.Program.Tiers)
        from transfers in Gen.Elements(false, true)
        from transferPolicy in TransferPolicy()
        from householdPolicy in HouseholdPolicy()
        from mergePolicy in MergePolicy()
        select new LoyaltyScenario(
            Rebuild(scenario.Program, b =>
            {
                if (lint is { } ceiling)
                {
                    b.WithLint(new LintPolicy { MaxStackedMultiplier = ceiling });
                }

                b.WithVersion(version).WithLots(new LotPolicy { PendingDays = pending, Expiry = expiry })
                    .WithRedemption(new RedemptionPolicy { Minimum = minimum, Increment = minimum, PointsPerCurrencyUnit = perUnit, Causes = minimum == 1 ? [] : ["food-bank", "tree-planting"] })
                    .WithLedger(new LedgerPolicy { Shortfall = shortfall, Retention = retention });
                if (effective is { } start)
                {
                    b.WithEffectiveFrom(start);
                }

                if (ruleLots && scenario.Program.Earn.FirstOrDefault(p => p is FixedBonus) is { } bonus)
                {
                    b.WithRuleLots(bonus.Id, new LotPolicy { Expiry = ExpiryPolicy.FixedTerm(Period.FromDays(7)) });
                }

                if (reward && minimum == 1)
                {
                    b.WithLifecycle(new LifecyclePolicy { NewForDays = 14, AtRiskAfterDays = 45, DormantAfterDays = 120, ReactivatedForDays = 21 });
                }

                if (reward && minimum == 100)
                {
                    b.WithDividend(new DividendPolicy { Period = CalendarPeriod.Quarter, Share = 0.05m });
                }

                if (reward)
                {
                    b.WithSpendReward(new SpendReward { Step = 35.00m, RewardValue = 5m, Name = "salad", ValidForDays = minimum == 1 ? 30 : null });
                }

                for (int i = 0; i < activities; i++)
                {
                    b.AddActivity(new ActivityRule { Id = $"activity-{i}", Activity = i == 0 ? ActivityKind.Review : ActivityKind.Custom, CustomName = i == 0 ? null : "quiz", Points = new Points(10 + i), OncePerMember = i == 0 && minimum == 100, When = i == 0 ? null : new Condition { Channels = ["app"] } });
                }

                if (ladder && scenario.Program.Tiers.Length > 0)
                {
                    b.WithTierLadder(new TierLadder
                    {
                        Window = TierWindow.Rolling12Months,
                        GraceDays = 30,
                        Tiers = [.. scenario.Program.Tiers.Select((t, i) => new TierDefinition
                        {
                            Id = t,
                            Thresholds = i == 0 ? new Dictionary<TierMetric, decimal>() : new Dictionary<TierMetric, decimal> { [TierMetric.Spend] = 100.00m * i, [TierMetric.Transactions] = 5 * i },
                            Qualification = TierQualification.Any,
                            EarnMultiplier = 1m + (0.25m * i),
                            Perks = i == 0 ? [] : ["lounge"],
                        })],
                    });
                }

                if (referral > 0)
                {
                    b.WithReferral(new ReferralPolicy
                    {
                        Referrer = referral == 1 ? ReferralReward.OfPoints(500) : null,
                        Ladder = referral == 2 ? [new(1, 500), new(6, 750)] : [],
                        Referee = referral == 3 || referral == 2 ? ReferralReward.Named("free-drink", 4.50m) with { ValidForDays = referral == 3 ? 14 : null } : null,
                        MaxPointsPerWindow = referral == 2 ? 5_000 : null,
                        Window = CalendarPeriod.Quarter,
                        Qualification = referral == 1 ? ReferralQualification.OnSignUp : ReferralQualification.FirstPurchase(10.00m, 30),
                    });
                }

                foreach (var catalogReward in catalog)
                {
                    b.AddReward(catalogReward);
                }

                if (reminders)
                {
                    b.WithReminders(reminderPolicy);
                }

                games.AddTo(b);
                b.WithMerges(mergePolicy);
                if (transfers)
                {
                    b.WithTransfers(transferPolicy).WithHouseholds(householdPolicy);
                }

                if (fraud)
                {
                    b.WithHoldReview(new HoldReview(7, resolution))
                        .AddFraudCheck(new PointsCeiling(1500))
                        .AddFraudCheck(new Velocity(Duration.FromHours(1)) { MaxPurchases = 5, MaxPoints = 3000 })
                        .AddFraudCheck(new SpendCeiling(999.99m) { Action = FraudAction.Reject })
                        .AddFraudCheck(new SelfReferral { Actions = SelfReferralActions() })
                        .AddFraudCheck(new RedemptionVelocity(Duration.FromDays(1), 3));
                }
            }),
            scenario.Transaction,
            scenario.Member);

    private static System.Collections.Immutable.ImmutableDictionary<FingerprintKind, FraudAction> SelfReferralActions()
        => new SelfReferral().Actions.Add(FingerprintKind.Device, FraudAction.Hold);

    private static LoyaltyProgram Rebuild(LoyaltyProgram program, Action<LoyaltyProgramBuilder> extras)
    {
        var builder = new LoyaltyProgramBuilder(program.Id, program.Currency, program.TimeZone)
            .WithTiers([.. program.Tiers])
            .WithEarningBase(program.EarningBase)
            .WithRounding(program.Rounding);
        foreach (var policy in program.Earn)
        {
            builder.AddPolicy(policy is EarnRate && policy.Id.EndsWith('1') ? policy with { Stackable = true }
                : policy is FixedBonus && policy.Id.EndsWith('2') ? policy with { FundedBy = "P1" } : policy);
        }

        extras(builder);
        return builder.Build();
    }
}
