using System;
using System.Collections.Generic;
using System.Linq;
using NodaTime;
using Xunit;
using static Loyalty.Rules.Tests.Ledger.LedgerTestData;

namespace Loyalty.Rules.Tests.Tiers;

public class TierTests
{
    private static readonly TierStatus Enrolled2026 = new() { EnrolledOn = new LocalDate(2026, 1, 1) };

    internal static TierLadder Ladder(TierWindow window = TierWindow.CalendarYear, int graceDays = 0, bool dropOne = false, bool keep = true, bool goldForLife = false)
        => new()
        {
            Window = window,
            GraceDays = graceDays,
            DropAtMostOneTier = dropOne,
            KeepUntilEndOfNextWindow = keep,
            Tiers =
            [
                new TierDefinition { Id = "Bronze" },
                new TierDefinition { Id = "Silver", Thresholds = new Dictionary<TierMetric, decimal> { [TierMetric.Spend] = 350m }, EarnMultiplier = 1.25m, Perks = ["free shipping"] },
                new TierDefinition { Id = "Gold", Thresholds = new Dictionary<TierMetric, decimal> { [TierMetric.Spend] = 1000m }, EarnMultiplier = 1.5m, Lifetime = goldForLife },
            ],
        };

    internal static LoyaltyProgram Program(TierLadder ladder) => new LoyaltyProgramBuilder("tiers", "USD", NewYork).WithTierLadder(ladder).AddEarnRate("base", 1m).Build();

    private static QualifyingActivity Spend(Instant at, decimal amount) => new() { At = at, Spend = amount, Transactions = 1 };

    private static string TierAt(LoyaltyProgram program, Instant at, TierStatus? status = null, params QualifyingActivity[] history)
        => program.DecideTier(status ?? Enrolled2026, history, at).TierId;

    [Fact]
    public void Upgrade_HappensAsSoonAsTheThresholdIsMet_MidYear()
    {
        var program = Program(Ladder());
        QualifyingActivity[] history = [Spend(Local(2026, 3, 1), 200m), Spend(Local(2026, 6, 15), 150m)];

        Assert.Equal("Bronze", TierAt(program, Local(2026, 6, 14), null, history));
        var decision = program.DecideTier(Enrolled2026, history, Local(2026, 6, 15, 13, 0));
        Assert.Equal(("Silver", Local(2026, 6, 15)), (decision.TierId, decision.Since));
        Assert.Equal("met the Silver thresholds on 2026-06-15", decision.Reason);
        Assert.Equal(["free shipping"], decision.Benefits.Perks);
    }

    [Fact]
    public void Downgrade_OnlyAtTheEndOfTheNextYear_WithoutRequalifying()
    {
        var program = Program(Ladder());
        QualifyingActivity[] history = [Spend(Local(2026, 3, 1), 400m)];

        Assert.Equal("Silver", TierAt(program, Local(2027, 12, 31, 23, 59), null, history));
        Assert.Equal("Bronze", TierAt(program, Local(2028, 1, 1, 0, 0), null, history));
        Assert.Equal(Local(2028, 1, 1, 0, 0), program.DecideTier(Enrolled2026, history, Local(2027, 6, 1)).SecuredUntil);
    }

    [Fact]
    public void Requalifying_KeepsTheTierAnotherYear()
    {
        var program = Program(Ladder());
        QualifyingActivity[] history = [Spend(Local(2026, 3, 1), 400m), Spend(Local(2027, 8, 1), 360m)];
        Assert.Equal("Silver", TierAt(program, Local(2028, 12, 31), null, history));
        Assert.Equal("Bronze", TierAt(program, Local(2029, 1, 1, 0, 0), null, history));
    }

    [Fact]
    public void WithoutTheAirlineHabit_EachYearIsEarnedAgain()
    {
        var program = Program(Ladder(keep: false));
        QualifyingActivity[] history = [Spend(Local(2026, 3, 1), 400m), Spend(Local(2027, 3, 1), 360m)];
        Assert.Equal("Silver", TierAt(program, Local(2026, 12, 31, 23, 59), null, history));
        Assert.Equal("Bronze", TierAt(program, Local(2027, 1, 1, 0, 0), null, history));
        Assert.Equal("Silver", TierAt(program, Local(2027, 3, 1, 13, 0), null, history));
    }

    [Fact]
    public void Grace_DelaysTheDowngrade()
    {
        var program = Program(Ladder(graceDays: 30));
        QualifyingActivity[] history = [Spend(Local(2026, 3, 1), 400m)];
        Assert.Equal("Silver", TierAt(program, Local(2028, 1, 30, 23, 59), null, history));
        Assert.Equal("Bronze", TierAt(program, Local(2028, 1, 31, 0, 0), null, history));
    }

    [Fact]
    public void DropAtMostOneTier_StepsDownAYearAtATime()
    {
        var program = Program(Ladder(dropOne: true));
        QualifyingActivity[] history = [Spend(Local(2026, 3, 1), 1200m)];
        Assert.Equal("Gold", TierAt(program, Local(2027, 12, 31), null, history));
        Assert.Equal("Silver", TierAt(program, Local(2028, 1, 1, 0, 0), null, history));
        Assert.Equal("Bronze", TierAt(program, Local(2029, 1, 1, 0, 0), null, history));
    }

    [Fact]
    public void RollingWindow_AnOldPurchaseSlidesOut()
    {
        var program = Program(Ladder(TierWindow.Rolling12Months, keep: false));
        QualifyingActivity[] history = [Spend(Local(2026, 1, 10), 200m), Spend(Local(2026, 6, 1), 200m)];

        Assert.Equal("Silver", TierAt(program, Local(2027, 1, 9), null, history));
        Assert.Equal("Bronze", TierAt(program, Local(2027, 1, 10), null, history)); // the 12 months are 2026-01-11 to 2027-01-10
    }

    [Fact]
    public void RollingWindow_KeepsAnEarnedTierTwelveMonths()
    {
        var program = Program(Ladder(TierWindow.Rolling12Months));
        QualifyingActivity[] history = [Spend(Local(2026, 1, 10), 200m), Spend(Local(2026, 6, 1), 200m)];
        Assert.Equal("Silver", TierAt(program, Local(2027, 6, 1, 23, 59), null, history));
        Assert.Equal("Bronze", TierAt(program, Local(2027, 6, 2, 0, 0), null, history));
    }

    [Fact]
    public void MembershipYear_EnrolledOn29February_StartsOn28FebruaryInCommonYears()
    {
        var program = Program(Ladder(TierWindow.MembershipYear));
        var leapling = new TierStatus { EnrolledOn = new LocalDate(2024, 2, 29) };

        // 27 Feb 2026 and 1 Mar 2026 fall in different membership years (the year starts on 28 Feb 2026).
        Assert.Equal("Bronze", TierAt(program, Local(2026, 3, 2), leapling, Spend(Local(2026, 2, 27), 200m), Spend(Local(2026, 3, 1), 200m)));
        Assert.Equal("Silver", TierAt(program, Local(2026, 3, 2), leapling, Spend(Local(2026, 2, 28), 200m), Spend(Local(2026, 3, 1), 200m)));
        Assert.Equal(new LocalDate(2027, 2, 27), program.DecideTier(leapling, [], Local(2026, 3, 2)).Progress.WindowEnds);
        Assert.Equal(new LocalDate(2028, 2, 28), program.DecideTier(leapling, [], Local(2027, 3, 2)).Progress.WindowEnds); // 2028 is leap: the next year starts 29 Feb
    }

    [Fact]
    public void PaidTier_IsAFloorUntilItExpires()
    {
        var program = Program(Ladder());
        var paid = Enrolled2026 with { PaidTierId = "Gold", PaidFrom = Local(2026, 5, 1), PaidUntil = Local(2026, 7, 1, 0, 0) };
        Assert.Equal("Silver", TierAt(program, Local(2026, 4, 30), paid, Spend(Local(2026, 3, 1), 400m)));
        Assert.Equal("Gold", TierAt(program, Local(2026, 6, 30, 23, 59), paid, Spend(Local(2026, 3, 1), 400m)));
        Assert.Equal("Silver", TierAt(program, Local(2026, 7, 1, 0, 0), paid, Spend(Local(2026, 3, 1), 400m)));
    }

    [Fact]
    public void PaidTier_WithoutAnEnd_HoldsForGood_AndSetAlone_HoldsFromEnrolment()
    {
        // Regression: PaidUntil = null was ignored (the member stayed in the entry tier); null means no end.
        var program = Program(Ladder());
        var open = Enrolled2026 with { PaidTierId = "Gold", PaidFrom = Local(2026, 5, 1) };
        var alone = Enrolled2026 with { PaidTierId = "Silver" };

        Assert.Equal("Bronze", TierAt(program, Local(2026, 4, 30), open));
        var decision = program.DecideTier(open, [], Local(2031, 3, 1));
        Assert.Equal(("Gold", Local(2026, 5, 1), "paid membership Gold with no end"), (decision.TierId, decision.Since, decision.Reason));
        var fromEnrolment = program.DecideTier(alone, [], Local(2026, 2, 1));
        Assert.Equal(("Silver", Local(2026, 1, 1, 0, 0)), (fromEnrolment.TierId, fromEnrolment.Since));
    }

    [Theory]
    [InlineData(true, 0, 2028, 1, 1)]    // kept through the next calendar year: secured until it ends
    [InlineData(true, 30, 2028, 1, 31)]  // with 30 days of grace after that window
    [InlineData(false, 0, 2027, 1, 1)]   // earned again each year: secured until this one ends
    public void AnUpgradeMidYear_IsSecuredThroughTheWindowsItIsKeptFor(bool keep, int grace, int year, int month, int day)
    {
        // Regression: right after an upgrade on 2026-06-15 the decision said 2027-01-01 although Silver is kept through 2027.
        var program = Program(Ladder(keep: keep, graceDays: grace));
        QualifyingActivity[] history = [Spend(Local(2026, 3, 1), 200m), Spend(Local(2026, 6, 15), 150m)];

        var decision = program.DecideTier(Enrolled2026, history, Local(2026, 6, 15, 13, 0));

        Assert.Equal("Silver", decision.TierId);
        Assert.Equal(Local(year, month, day, 0, 0), decision.SecuredUntil);
        Assert.Equal("Silver", TierAt(program, decision.SecuredUntil!.Value - Duration.FromMinutes(1), null, history));
        Assert.Equal("Bronze", TierAt(program, decision.SecuredUntil!.Value, null, history));
    }

    [Fact]
    public void LifetimeTier_NeverDowngrades()
    {
        var program = Program(Ladder(goldForLife: true));
        Assert.Equal("Gold", TierAt(program, Local(2031, 5, 1), null, Spend(Local(2026, 3, 1), 1000m)));
    }

    [Fact]
    public void LifetimeTier_ReachedWhileAlreadyHeldByHand_StillCounts()
    {
        // Found by the monotonicity property: Gold set by hand, then qualified for on its own; the lifetime floor
        // must hold after the hand-set tier would have lapsed.
        var program = Program(Ladder(TierWindow.MembershipYear, goldForLife: true));
        var status = new TierStatus { EnrolledOn = new LocalDate(2026, 1, 22), Override = new TierOverride { TierId = "Gold", Kind = TierOverrideKind.OneOff, SetAt = Local(2024, 11, 17) } };
        Assert.Equal("Gold", TierAt(program, Local(2029, 8, 19), status, Spend(Local(2025, 8, 15), 851m), Spend(Local(2025, 10, 18), 767m)));
    }

    [Fact]
    public void TierSetByHand_IsExplicit()
    {
        var program = Program(Ladder());
        QualifyingActivity[] gold = [Spend(Local(2026, 3, 1), 1200m)];
        var fixedSilver = Enrolled2026 with { Override = new TierOverride { TierId = "Silver", Kind = TierOverrideKind.FixedUntil, SetAt = Local(2026, 4, 1), Until = Local(2026, 5, 1) } };
        var floorSilver = Enrolled2026 with { Override = new TierOverride { TierId = "Silver", Kind = TierOverrideKind.Floor, SetAt = Local(2026, 4, 1) } };
        var oneOffGold = Enrolled2026 with { Override = new TierOverride { TierId = "Gold", Kind = TierOverrideKind.OneOff, SetAt = Local(2026, 4, 1) } };

        Assert.Equal("Silver", TierAt(program, Local(2026, 4, 15), fixedSilver, gold));
        Assert.Equal("Gold", TierAt(program, Local(2026, 5, 1), fixedSilver, gold));
        Assert.Equal("Silver", TierAt(program, Local(2029, 1, 1), floorSilver));
        Assert.Equal("Gold", TierAt(program, Local(2027, 12, 31), oneOffGold));
        Assert.Equal("Bronze", TierAt(program, Local(2028, 1, 1, 0, 0), oneOffGold));
    }

    [Fact]
    public void Progress_SaysWhatIsMissingAndByWhen()
    {
        var program = Program(Ladder());
        var decision = program.DecideTier(Enrolled2026, [Spend(Local(2026, 3, 1), 230m)], Local(2026, 9, 1));
        Assert.Equal(("Silver", 120m, new LocalDate(2026, 12, 31)), (decision.Progress.NextTierId, decision.Progress.Missing[TierMetric.Spend], decision.Progress.WindowEnds));
    }

    [Fact]
    public void Qualification_AnyOrAll()
    {
        TierLadder Ladder(TierQualification rule) => new()
        {
            Tiers =
            [
                new TierDefinition { Id = "Member" },
                new TierDefinition { Id = "Elite", Qualification = rule, Thresholds = new Dictionary<TierMetric, decimal> { [TierMetric.Nights] = 10m, [TierMetric.Spend] = 2000m } },
            ],
        };
        QualifyingActivity[] tenNights = [new() { At = Local(2026, 3, 1), Nights = 10, Spend = 900m }];
        Assert.Equal("Elite", Program(Ladder(TierQualification.Any)).DecideTier(Enrolled2026, tenNights, Local(2026, 4, 1)).TierId);
        Assert.Equal("Member", Program(Ladder(TierQualification.All)).DecideTier(Enrolled2026, tenNights, Local(2026, 4, 1)).TierId);
    }

    [Fact]
    public void Accelerator_WithoutFactors_UsesTheLadderMultipliers_AndTierCreditsAreApart()
    {
        var program = new LoyaltyProgramBuilder("tiers", "USD", NewYork)
            .WithTierLadder(Ladder() with { TierCreditsPerPoint = 0.5m })
            .AddEarnRate("base", 1m)
            .AddPolicy(new TierAccelerator { Id = "tiers", Factors = new Dictionary<string, decimal>() })
            .Build();

        var result = program.Evaluator.Evaluate(Purchase("T1", Local(2026, 3, 1), 20m), new MemberContext("M1", "Silver"));

        Assert.Equal((25L, 12L), (result.Total.Value, result.TierCredits.Value));
        Assert.Contains("tier credits", result.ToString(), StringComparison.Ordinal);
        Assert.Equal(12, QualifyingActivity.FromPurchase(Local(2026, 3, 1), result).TierCredits);
    }

    [Fact]
    public void TierCreditRules_AwardCreditsApartFromPoints()
    {
        var program = new LoyaltyProgramBuilder("air", "USD", NewYork)
            .WithTierLadder(Ladder() with { TierCreditsPerPoint = 0.1m })
            .AddEarnRate("miles", 5m)
            .AddTierCredits("status-credits", 1m, new Points(25), new Condition { Channels = ["store"] })
            .Build();

        var result = program.Evaluator.Evaluate(Purchase("T1", Local(2026, 3, 1), 120.50m), new MemberContext("M1"));

        // 602.5 miles floored to 602; credits: 602 x 0.1 + 120.50 x 1 + 25 = 205.7, floored to 205.
        Assert.Equal((602L, 205L), (result.Total.Value, result.TierCredits.Value));
        Assert.Equal(["status-credits"], result.TierCreditItems.Select(i => i.RuleId));
        Assert.Equal(result.Total.Value, result.Items.Sum(i => i.Points));
        Assert.Equal(205, program.Evaluator.EvaluateTotal(Purchase("T1", Local(2026, 3, 1), 120.50m), new MemberContext("M1")).TierCredits.Value);
    }

    [Fact]
    public void Ladder_Invalid_ListsEveryProblem()
    {
        var ladder = new TierLadder
        {
            Tiers =
            [
                new TierDefinition { Id = "Bronze", Thresholds = new Dictionary<TierMetric, decimal> { [TierMetric.Spend] = 1m } },
                new TierDefinition { Id = "Silver", Thresholds = new Dictionary<TierMetric, decimal> { [TierMetric.Spend] = 500m } },
                new TierDefinition { Id = "Gold", Thresholds = new Dictionary<TierMetric, decimal> { [TierMetric.Spend] = 400m } },
            ],
            GraceDays = 366,
        };
        var error = Assert.Throws<ProgramValidationException>(() => new LoyaltyProgramBuilder("t", "USD", NewYork).WithTiers("Bronze", "Gold").WithTierLadder(ladder).Build());
        Assert.Equal(
            [
                "tierLadder.tiers[0].thresholds: the entry tier (the first) has no thresholds.",
                "tierLadder.tiers[2].thresholds.spend: 400 is below the tier under it (500): thresholds must not fall as tiers rise.",
                "tierLadder.graceDays: must be from 0 to 365 days (a grace ends before the next window does), was 366.",
                "tiers: the declared tiers (Bronze, Gold) differ from the ladder's (Bronze, Silver, Gold).",
            ],
            error.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Decide_UnknownTierInStatus_NamesTheField()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => Program(Ladder()).DecideTier(Enrolled2026 with { PaidTierId = "Platinum", PaidUntil = Local(2027, 1, 1) }, [], Local(2026, 3, 1)));
        Assert.Equal("status.PaidTierId", error.ParamName);
    }
}
