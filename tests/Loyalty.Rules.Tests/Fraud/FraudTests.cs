using System.Linq;
using NodaTime;
using Xunit;
using static Loyalty.Rules.Tests.Ledger.LedgerTestData;

namespace Loyalty.Rules.Tests.Fraud;

public class FraudTests
{
    private static readonly HoldReview Review = new(7, HoldResolution.Void);

    private static LoyaltyProgram With(params FraudCheck[] checks)
    {
        var builder = Program().WithHoldReview(Review);
        foreach (var check in checks)
        {
            builder.AddFraudCheck(check);
        }

        return builder.Build();
    }

    [Fact]
    public void PointsCeiling_AboveIt_HoldsThePointsWithTheReason()
    {
        var program = With(new PointsCeiling(100));
        var outcome = program.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 3, 10), 150m);

        Assert.Equal(LedgerStatus.Held, outcome.Status);
        Assert.Equal(FraudAction.Hold, outcome.Fraud.Action);
        Assert.Equal("points-ceiling (hold): 150 points in one event, above the ceiling of 100.", Assert.Single(outcome.Fraud.Findings).ToString());
        Assert.Equal(new AccountBalance(0, 0, 150), outcome.Account.BalanceAt(Local(2026, 3, 10)));
        Assert.Equal(LedgerEntryKind.Held, Assert.Single(outcome.Entries).Kind);
        Assert.Equal(150, outcome.Account.Totals.Accrued);
        Assert.Null(outcome.Qualifying); // held points qualify for tiers once released
    }

    [Fact]
    public void AHeldPurchase_CountsTowardNothingUntilReleased_AndItsRefundTakesNothingBackFromTiersOrRewards()
    {
        var program = Program().WithHoldReview(Review).AddFraudCheck(new PointsCeiling(100))
            .WithSpendReward(new SpendReward { Step = 100m, RewardValue = 5m }).WithLedger(new LedgerPolicy { Shortfall = RefundShortfall.ClawBack }).Build();
        var account = program.Buy(MemberAccount.Open("M1"), "T0", Local(2026, 3, 9), 60m).Account;
        var held = program.Buy(account, "T1", Local(2026, 3, 10), 120m, 30m);
        Assert.Equal(60m, held.Account.State.Get(SpendRewardState.Counter)); // the held 150.00 does not count yet

        var original = held.Account.Purchases.Single(p => p.TransactionId == "T1");
        Assert.True(original.Held);
        var refund = program.Ledger.Process(held.Account, new RefundEvent("R1", Local(2026, 3, 11), Purchase("T1", Local(2026, 3, 10), 120m, 30m), [new ReturnedLine(1, 1m)]), Member);
        Assert.Null(refund.Qualifying); // it never qualified
        Assert.Equal(60m, refund.Account.State.Get(SpendRewardState.Counter));
        Assert.Equal(new AccountBalance(60, 0, 120), refund.Account.BalanceAt(Local(2026, 3, 11)));

        var released = program.Ledger.Process(refund.Account, new HoldReviewEvent("V1", "M1", Local(2026, 3, 12), "T1", HoldResolution.Release, "checked"), Member);
        Assert.Equal(120m, released.Qualifying!.Spend);
        Assert.Equal(80m, released.Account.State.Get(SpendRewardState.Counter)); // 60 + 120 reached the 100 step once: 80 carried
    }

    [Fact]
    public void AHoldReleasedAtItsDeadline_ReportsWhatItAddsToTierQualification()
    {
        var program = Program().WithHoldReview(new HoldReview(3, HoldResolution.Release)).AddFraudCheck(new PointsCeiling(100)).Build();
        var account = program.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 3, 10), 150m).Account;

        var before = program.Ledger.Expire(account, Local(2026, 3, 13, 23, 59));
        var after = program.Ledger.Expire(account, Local(2026, 3, 14, 0, 0));

        Assert.Empty(before.Released);
        var released = Assert.Single(after.Released);
        Assert.Equal((Local(2026, 3, 10), 150m, 150L, 1), (released.At, released.Spend, released.Points, released.Transactions));
    }

    [Fact]
    public void RefundingAVoidedPurchase_TakesNothing_EvenWhenTheProgramClawsBack()
    {
        var program = Program().WithHoldReview(Review).AddFraudCheck(new PointsCeiling(100))
            .WithLedger(new LedgerPolicy { Shortfall = RefundShortfall.ClawBack }).Build();
        var account = program.Buy(MemberAccount.Open("M1"), "T0", Local(2026, 3, 9), 60m).Account;
        account = program.Buy(account, "T1", Local(2026, 3, 10), 150m).Account;
        account = program.Ledger.Process(account, new HoldReviewEvent("V1", "M1", Local(2026, 3, 11), "T1", HoldResolution.Void, "stolen card"), Member).Account;

        var refund = program.Ledger.Process(account, new RefundEvent("R1", Local(2026, 3, 12), Purchase("T1", Local(2026, 3, 10), 150m), [new ReturnedLine(0, 1m)]), Member);

        Assert.Equal(LedgerStatus.Applied, refund.Status);
        Assert.Empty(refund.Entries);
        Assert.Null(refund.Qualifying);
        Assert.Equal(60, refund.Account.BalanceAt(Local(2026, 3, 12)).Pending + refund.Account.BalanceAt(Local(2026, 3, 12)).Available);
    }

    [Fact]
    public void PointsCeiling_AtIt_Allows()
    {
        var program = With(new PointsCeiling(100));
        var outcome = program.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 3, 10), 100m);

        Assert.Equal(LedgerStatus.Applied, outcome.Status);
        Assert.Empty(outcome.Fraud.Findings);
        Assert.Equal(new AccountBalance(100, 0), outcome.Account.BalanceAt(Local(2026, 3, 10)));
    }

    [Fact]
    public void HeldPoints_CannotBeRedeemed_UntilReleased_ThenVoidingIsImpossible()
    {
        var program = With(new PointsCeiling(100));
        var account = program.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 3, 10), 150m).Account;

        var tooEarly = program.Redeem(account, "R1", Local(2026, 3, 11), 100);
        Assert.Equal(LedgerStatus.Rejected, tooEarly.Status);
        Assert.Equal("100 points asked, 0 available.", tooEarly.Reason);

        var released = program.Ledger.Process(account, new HoldReviewEvent("V1", "M1", Local(2026, 3, 11), "T1", HoldResolution.Release, "receipt checked"), Member);
        Assert.Equal(LedgerStatus.Applied, released.Status);
        Assert.Equal(new AccountBalance(150, 0, 0), released.Account.BalanceAt(Local(2026, 3, 11)));
        Assert.Equal([LedgerEntryKind.Released, LedgerEntryKind.BecameAvailable], released.Entries.Select(e => e.Kind));
        Assert.Equal(150m, released.Qualifying!.Spend);

        var voided = program.Ledger.Process(released.Account, new HoldReviewEvent("V2", "M1", Local(2026, 3, 12), "T1", HoldResolution.Void, "second thoughts"), Member);
        Assert.Equal(LedgerStatus.Rejected, voided.Status);
        Assert.Equal("nothing of event 'T1' is held (never held, already released or voided, or unknown).", voided.Reason);
        Assert.Same(released.Account, voided.Account);

        Assert.Equal(LedgerStatus.Applied, program.Redeem(released.Account, "R1", Local(2026, 3, 12), 100).Status);
    }

    [Fact]
    public void Void_RemovesTheHeldPoints_AndConservationCountsThem()
    {
        var program = With(new PointsCeiling(100));
        var account = program.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 3, 10), 150m).Account;
        account = program.Buy(account, "T2", Local(2026, 3, 10, 13), 40m).Account;

        var voided = program.Ledger.Process(account, new HoldReviewEvent("V1", "M1", Local(2026, 3, 11), "T1", HoldResolution.Void, "stolen card"), Member);

        Assert.Equal(new AccountBalance(40, 0, 0), voided.Account.BalanceAt(Local(2026, 3, 11)));
        Assert.Equal(150, voided.Account.Totals.Voided);
        Assert.Equal(190, voided.Account.Totals.Accrued);
        Assert.Equal("held points of 'T1' voided: stolen card", Assert.Single(voided.Entries).Reason);
    }

    [Fact]
    public void Velocity_FourthPurchaseInAnHour_IsHeld_AndLaterReleased()
    {
        var program = With(new Velocity(Duration.FromHours(1)) { MaxPurchases = 3 });
        var account = MemberAccount.Open("M1");
        foreach (var (id, minute) in new[] { ("T1", 0), ("T2", 20), ("T3", 40) })
        {
            var ok = program.Buy(account, id, Local(2026, 3, 10, 12, minute), 5m);
            Assert.Equal(LedgerStatus.Applied, ok.Status);
            account = ok.Account;
        }

        var fourth = program.Buy(account, "T4", Local(2026, 3, 10, 12, 59), 5m);
        Assert.Equal(LedgerStatus.Held, fourth.Status);
        Assert.Equal("velocity (hold): 4 purchases within 0:01:00:00, above 3.", fourth.Fraud.Reason);
        Assert.Equal(new AccountBalance(15, 0, 5), fourth.Account.BalanceAt(Local(2026, 3, 10, 13)));

        // The window is exact elapsed time: an hour after the first purchase it no longer counts.
        var fifth = program.Buy(fourth.Account, "T5", Local(2026, 3, 10, 13, 0), 5m);
        Assert.Equal(LedgerStatus.Held, fifth.Status); // T2, T3, T4 and T5 are within the hour
        var later = program.Buy(fifth.Account, "T6", Local(2026, 3, 10, 13, 41), 5m);
        Assert.Equal(LedgerStatus.Applied, later.Status); // T4, T5, T6 only

        var released = program.Ledger.Process(later.Account, new HoldReviewEvent("V4", "M1", Local(2026, 3, 11), "T4", HoldResolution.Release, "regular customer"), Member);
        Assert.Equal(new AccountBalance(25, 0, 5), released.Account.BalanceAt(Local(2026, 3, 11)));
    }

    [Fact]
    public void Velocity_PointsPerDay_CountsHeldAndActivityPoints()
    {
        var program = Program().WithHoldReview(Review)
            .AddActivity(new ActivityRule { Id = "review", Activity = ActivityKind.Review, Points = new Points(30) })
            .AddFraudCheck(new Velocity(Duration.FromHours(24)) { MaxPoints = 100 })
            .Build();
        var account = program.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 3, 10, 9), 60m).Account;
        account = program.Ledger.Process(account, new ActivityAccrualEvent(new ActivityEvent("A1", "M1", Local(2026, 3, 10, 10), ActivityKind.Review)), Member).Account;

        var third = program.Buy(account, "T2", Local(2026, 3, 11, 8, 59), 11m);

        Assert.Equal("velocity (hold): 101 points earned within 1:00:00:00, above 100.", third.Fraud.Reason);
    }

    [Fact]
    public void SpendCeiling_SetToReject_LeavesTheAccountUnchanged()
    {
        var program = With(new SpendCeiling(1000m) { Action = FraudAction.Reject });
        var account = program.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 3, 10), 20m).Account;

        var outcome = program.Buy(account, "T2", Local(2026, 3, 10, 13), 600m, 400.01m);

        Assert.Equal(LedgerStatus.Rejected, outcome.Status);
        Assert.Same(account, outcome.Account);
        Assert.Empty(outcome.Entries);
        Assert.Equal("fraud checks rejected the event: spend-ceiling (reject): spend 1000.01 is above the ceiling of 1000.", outcome.Reason);
        // A rejected event is not remembered: the same purchase again is judged again, not a duplicate.
        Assert.Equal(LedgerStatus.Rejected, program.Buy(outcome.Account, "T2", Local(2026, 3, 10, 13), 600m, 400.01m).Status);
    }

    [Fact]
    public void Verdicts_AnyRejectWins_AndEveryReasonIsReported()
    {
        var program = With(new PointsCeiling(100), new SpendCeiling(120m) { Action = FraudAction.Reject });

        var outcome = program.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 3, 10), 150m);

        Assert.Equal(LedgerStatus.Rejected, outcome.Status);
        Assert.Equal(["points-ceiling", "spend-ceiling"], outcome.Fraud.Findings.Select(f => f.CheckId));
        Assert.Equal([FraudAction.Hold, FraudAction.Reject], outcome.Fraud.Findings.Select(f => f.Action));
    }

    [Fact]
    public void DuplicateTransaction_SeenByTheHost_IsRejected()
    {
        var program = With(new DuplicateTransaction());
        var purchase = new PurchaseEvent(Purchase("T1", Local(2026, 3, 10), 20m));

        var seen = program.Ledger.Process(MemberAccount.Open("M1"), purchase, Member, new FraudSignals { TransactionIdSeen = true });
        var fresh = program.Ledger.Process(MemberAccount.Open("M1"), purchase, Member);

        Assert.Equal("fraud checks rejected the event: duplicate-transaction (reject): transaction id 'T1' was seen before.", seen.Reason);
        Assert.Equal(LedgerStatus.Applied, fresh.Status);
    }

    [Fact]
    public void SameIdOtherContent_IsRejectedAsAConflict_WithAFinding()
    {
        var program = With();
        var account = program.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 3, 10), 20m).Account;

        var outcome = program.Buy(account, "T1", Local(2026, 3, 10), 25m);

        Assert.Equal(LedgerStatus.Rejected, outcome.Status);
        Assert.Equal("transaction-conflict", Assert.Single(outcome.Fraud.Findings).CheckId);
        Assert.Same(account, outcome.Account);
    }

    [Fact]
    public void RedemptionVelocity_ThirdRedemptionInADay_IsRejected()
    {
        var program = With(new RedemptionVelocity(Duration.FromHours(24), 2));
        var account = program.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 3, 10, 8), 90m).Account;
        account = program.Redeem(account, "R1", Local(2026, 3, 10, 9), 10).Account;
        account = program.Redeem(account, "R2", Local(2026, 3, 10, 10), 10).Account;

        var third = program.Redeem(account, "R3", Local(2026, 3, 11, 8), 10);
        var nextDay = program.Redeem(account, "R3", Local(2026, 3, 11, 9, 1), 10);

        Assert.Equal("fraud checks rejected the event: redemption-velocity (reject): 3 redemptions within 1:00:00:00, above 2.", third.Reason);
        Assert.Equal(LedgerStatus.Applied, nextDay.Status);
    }

    [Fact]
    public void NewMemberEarning_CountsTheWholeNthDay_NotTheNext()
    {
        var program = With(new NewMemberEarning(7, 200));
        var member = new MemberContext("M1", enrolledOn: new LocalDate(2026, 3, 1));
        var account = program.Ledger.Process(MemberAccount.Open("M1"), new PurchaseEvent(Purchase("T1", Local(2026, 3, 2), 150m)), member).Account;

        var lastDay = program.Ledger.Process(account, new PurchaseEvent(Purchase("T2", Local(2026, 3, 8, 23, 59), 51m)), member);
        var dayAfter = program.Ledger.Process(account, new PurchaseEvent(Purchase("T2", Local(2026, 3, 9, 0, 0), 51m)), member);

        Assert.Equal("new-member-earning (hold): 201 points within 7 days of enrolment on 2026-03-01, above 200.", lastDay.Fraud.Reason);
        Assert.Equal(LedgerStatus.Applied, dayAfter.Status);
    }

    [Fact]
    public void HoldReview_AtTheDeadline_DoesWhatTheProgramSays()
    {
        var voiding = With(new PointsCeiling(100));
        var releasing = Program().WithHoldReview(new HoldReview(7, HoldResolution.Release)).AddFraudCheck(new PointsCeiling(100)).Build();
        foreach (var program in new[] { voiding, releasing })
        {
            var held = program.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 3, 10), 150m).Account;
            Assert.Equal(Local(2026, 3, 18, 0), Assert.Single(held.Lots).ReviewBy);

            var before = program.Ledger.Expire(held, Local(2026, 3, 17, 23, 59));
            Assert.Empty(before.Entries);

            var after = program.Ledger.Expire(held, Local(2026, 3, 18, 0));
            var balance = after.Account.BalanceAt(Local(2026, 3, 18, 0));
            if (program == voiding)
            {
                Assert.Equal(new AccountBalance(0, 0, 0), balance);
                Assert.Equal(150, after.Account.Totals.Voided);
                Assert.Equal("T1:review#1", Assert.Single(after.Entries).Id);
            }
            else
            {
                Assert.Equal(new AccountBalance(150, 0, 0), balance);
                Assert.Equal(0, after.Account.Totals.Voided);
            }
        }
    }

    [Fact]
    public void HeldPoints_DoNotExpireWhileHeld_NorRepayADebt()
    {
        var program = Program(new LotPolicy { Expiry = ExpiryPolicy.FixedTerm(Period.FromDays(1)) })
            .WithHoldReview(new HoldReview(30, HoldResolution.Void)).AddFraudCheck(new PointsCeiling(100)).Build();
        var held = program.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 3, 10), 150m).Account;

        var expired = program.Ledger.Expire(held, Local(2026, 3, 20));

        Assert.Empty(expired.Entries);
        Assert.Equal(150, expired.Account.BalanceAt(Local(2026, 3, 20)).Held);
        var released = program.Ledger.Process(expired.Account, new HoldReviewEvent("V1", "M1", Local(2026, 3, 21), "T1", HoldResolution.Release, "ok"), Member);
        Assert.Equal(150, program.Ledger.Expire(released.Account, Local(2026, 3, 21)).Account.Totals.Expired); // due once released
    }

    [Fact]
    public void Refund_OfAHeldPurchase_TakesTheHeldPoints()
    {
        var program = With(new PointsCeiling(100));
        var purchase = Purchase("T1", Local(2026, 3, 10), 150m);
        var held = program.Ledger.Process(MemberAccount.Open("M1"), new PurchaseEvent(purchase), Member).Account;

        var refunded = program.Ledger.Process(held, new RefundEvent("F1", Local(2026, 3, 11), purchase, [new ReturnedLine(0, 1m)]), Member);

        Assert.Equal(new AccountBalance(0, 0, 0), refunded.Account.BalanceAt(Local(2026, 3, 11)));
        Assert.Equal(150, refunded.Account.Totals.Reversed);
    }

    [Fact]
    public void FraudPolicy_DefaultsAreValid_AndEachDefaultActionIsDocumented()
    {
        Assert.Empty(FraudPolicy.None.Checks);
        Assert.Equal(FraudAction.Hold, new PointsCeiling(1).Action);
        Assert.Equal(FraudAction.Hold, new SpendCeiling(1m).Action);
        Assert.Equal(FraudAction.Hold, new Velocity(Duration.FromHours(1)).Action);
        Assert.Equal(FraudAction.Hold, new NewMemberEarning(1, 1).Action);
        Assert.Equal(FraudAction.Reject, new RedemptionVelocity(Duration.FromHours(1), 1).Action);
        Assert.Equal(FraudAction.Reject, new DuplicateTransaction().Action);
        Assert.Equal(FraudAction.Hold, new ReferralFingerprintVelocity(1).Action);
        var self = new SelfReferral();
        Assert.Equal(FraudAction.Hold, self.ActionFor(FingerprintKind.IpAddress));
        foreach (var kind in new[] { FingerprintKind.Email, FingerprintKind.Phone, FingerprintKind.Device, FingerprintKind.PaymentInstrument, FingerprintKind.Address })
        {
            Assert.Equal(FraudAction.Reject, self.ActionFor(kind));
        }

        Program().AddFraudCheck(new DuplicateTransaction()).Build(); // reject-only checks need no hold review
    }

    [Fact]
    public void InvalidFraudPolicy_ListsEveryProblem()
    {
        var builder = Program()
            .AddFraudCheck(new PointsCeiling(0))
            .AddFraudCheck(new Velocity(Duration.FromDays(120)) { MaxPurchases = 5 })
            .AddFraudCheck(new Velocity(Duration.FromHours(1)) { Id = "points-ceiling" })
            .AddFraudCheck(new RedemptionVelocity(Duration.FromHours(1), 3) { Action = FraudAction.Hold })
            .AddFraudCheck(new SpendCeiling(100m) { Action = FraudAction.Allow });

        var error = Assert.Throws<ProgramValidationException>(() => builder.Build());

        Assert.Equal(
            [
                "fraud.checks[0].maxPoints: must be positive, was 0.",
                "fraud.checks[1].window: 120:00:00:00 is longer than the ledger remembers events (retention P90D, at least 89:00:00:00); lengthen the retention or shorten the window.",
                "fraud.checks[2]: sets neither maxPurchases nor maxPoints: it could never find anything.",
                "fraud.checks[2].id: 'points-ceiling' is used by another check.",
                "fraud.checks[3].action: a redemption cannot be held, only rejected.",
                "fraud.checks[4].action: must be Hold or Reject, was Allow.",
                "fraud.review: check 'points-ceiling' (PointsCeiling) can hold points: its action is hold; check 'velocity' (Velocity) can hold points: its action is hold; check 'points-ceiling' (Velocity) can hold points: its action is hold; check 'redemption-velocity' (RedemptionVelocity) can hold points: its action is hold; so the program must say when holds are reviewed and what happens at the deadline (release or void), or the check must reject instead.",
            ],
            error.Problems.Select(p => $"{p.Path}: {p.Reason}"));
    }

    [Fact]
    public void ADefaultSelfReferralCheck_AsksForAReviewPolicy_NamingTheCheckAndTheFingerprintThatHolds()
    {
        // new SelfReferral() rejects, except that a shared IP address (common in households) holds: so it needs a review policy.
        var error = Assert.Throws<ProgramValidationException>(() => new LoyaltyProgramBuilder("r", "USD", NewYork).AddEarnRate("base", 1m).AddFraudCheck(new SelfReferral()).Build());
        var allReject = new LoyaltyProgramBuilder("r", "USD", NewYork).AddEarnRate("base", 1m)
            .AddFraudCheck(new SelfReferral { Actions = System.Collections.Immutable.ImmutableDictionary<FingerprintKind, FraudAction>.Empty }).Build();

        Assert.Equal(
            "fraud.review: check 'self-referral' (SelfReferral) can hold points: a shared IP address fingerprint holds by default; so the program must say when holds are reviewed and what happens at the deadline (release or void), or the check must reject instead.",
            Assert.Single(error.Problems).ToString());
        Assert.Null(allReject.Fraud.Review);
    }
}
