using System;
using System.Linq;
using NodaTime;
using Xunit;
using static Loyalty.Rules.Tests.Ledger.LedgerTestData;

namespace Loyalty.Rules.Tests.Referrals;

public class ReferralTests
{
    private static readonly Instant SignUp = Local(2026, 3, 10, 14, 0);

    private static LoyaltyProgram Program(ReferralPolicy policy, params FraudCheck[] checks)
    {
        var builder = Ledger.LedgerTestData.Program().WithReferral(policy).WithHoldReview(new HoldReview(14, HoldResolution.Void));
        foreach (var check in checks)
        {
            builder.AddFraudCheck(check);
        }

        return builder.Build();
    }

    private static Referral Referral(string id = "REF-1", string referrer = "ANA", string referee = "BEN") => new(id, referrer, referee, SignUp);

    private static Transaction RefereePurchase(string id, Instant at, decimal amount, string member = "BEN")
        => new(id, member, at, "USD", "store", [new TransactionLine("SKU", "coffee", 1m, amount)]);

    private static LedgerOutcome Pay(LoyaltyProgram program, MemberAccount account, ReferralAwardEvent award)
        => program.Ledger.Process(account, award, new MemberContext(award.MemberId));

    [Fact]
    public void DoubleSided_Equal_OnSignUp_PaysEachSideByItsOwnEvent()
    {
        var program = Program(new ReferralPolicy { Referrer = ReferralReward.OfPoints(500), Referee = ReferralReward.OfPoints(500) });

        var decision = program.Referrals.Decide(Referral(), SignUp);

        Assert.Equal(ReferralStatus.Qualified, decision.Status);
        Assert.Equal(["REF-1/referrer", "REF-1/referee"], decision.Awards.Select(a => a.Id));
        var ana = Pay(program, MemberAccount.Open("ANA"), decision.Awards[0]);
        var ben = Pay(program, MemberAccount.Open("BEN"), decision.Awards[1]);
        Assert.Equal(500, ana.Account.BalanceAt(SignUp).Available);
        Assert.Equal(500, ben.Account.BalanceAt(SignUp).Available);
        Assert.Equal("referral/referrer", Assert.Single(ana.Accrual!.Items).RuleId);
        Assert.Equal(new QualifyingActivity { At = SignUp, Points = 500, Referrals = 1 }, ana.Qualifying); // tiers may count referrals
        Assert.Equal(new QualifyingActivity { At = SignUp, Points = 500 }, ben.Qualifying);
        Assert.Equal(LedgerStatus.Duplicate, Pay(program, ana.Account, decision.Awards[0]).Status);
    }

    [Fact]
    public void DoubleSided_Different_QualifiesOnTheLastAllowedDay_NotAMinuteLate()
    {
        var program = Program(new ReferralPolicy
        {
            Referrer = ReferralReward.OfPoints(1000),
            Referee = ReferralReward.OfPoints(250),
            Qualification = ReferralQualification.FirstPurchase(25.00m, 30),
        });

        // Signed up on 10 March: "within 30 days" ends at the start of 10 April, New York time.
        var lastMinute = program.Referrals.Decide(Referral(), RefereePurchase("P1", Local(2026, 4, 9, 23, 59), 25.00m), isFirstPurchase: true);
        var minuteLate = program.Referrals.Decide(Referral(), RefereePurchase("P1", Local(2026, 4, 10, 0, 0), 25.00m), isFirstPurchase: true);

        Assert.Equal(ReferralStatus.Qualified, lastMinute.Status);
        Assert.Equal("purchase 'P1' spent 25.00 USD within 30 days of sign-up", lastMinute.Reason);
        Assert.Equal([1000L, 250L], lastMinute.Awards.Select(a => Pay(program, MemberAccount.Open(a.MemberId), a).Accrual!.Total.Value));
        Assert.Equal(ReferralStatus.NotQualified, minuteLate.Status);
        Assert.Equal("expired: the purchase came after the window of 30 days from sign-up ended (2026-04-10 00:00 -04)", minuteLate.Reason);
        Assert.Empty(minuteLate.Awards);
        Assert.All(minuteLate.Sides, s => Assert.Equal(minuteLate.Reason, s.Refusal));
    }

    [Fact]
    public void PurchaseTrigger_IsPendingUntilTheWindowEnds_ThenExpiresWithAReason()
    {
        var program = Program(new ReferralPolicy { Referee = ReferralReward.OfPoints(250), Qualification = ReferralQualification.FirstPurchase(25m, 30) });

        Assert.Equal(ReferralStatus.Pending, program.Referrals.Decide(Referral(), Local(2026, 4, 9, 23, 59)).Status);
        var expired = program.Referrals.Decide(Referral(), Local(2026, 4, 10, 0, 0));

        Assert.Equal(ReferralStatus.NotQualified, expired.Status);
        Assert.Equal("expired: no qualifying purchase within 30 days of sign-up (by 2026-04-10 00:00 -04)", expired.Reason);
    }

    [Fact]
    public void FirstPurchase_BelowTheMinimum_NeverQualifies_WhileAnyPurchaseWaitsForTheNext()
    {
        var first = Program(new ReferralPolicy { Referrer = ReferralReward.OfPoints(500), Qualification = ReferralQualification.FirstPurchase(25m, 30) });
        var any = Program(new ReferralPolicy { Referrer = ReferralReward.OfPoints(500), Qualification = ReferralQualification.AnyPurchase(25m, 30) });
        var small = RefereePurchase("P1", Local(2026, 3, 12), 24.99m);
        var big = RefereePurchase("P2", Local(2026, 3, 20), 30m);

        Assert.Equal(ReferralStatus.NotQualified, first.Referrals.Decide(Referral(), small, isFirstPurchase: true).Status);
        Assert.Equal("the first purchase's eligible spend 24.99 USD is below 25.00 USD", first.Referrals.Decide(Referral(), small, isFirstPurchase: true).Reason);
        Assert.Equal(ReferralStatus.NotQualified, first.Referrals.Decide(Referral(), big, isFirstPurchase: false).Status);
        Assert.Equal(ReferralStatus.Pending, any.Referrals.Decide(Referral(), small, isFirstPurchase: true).Status);
        Assert.Equal(ReferralStatus.Qualified, any.Referrals.Decide(Referral(), big, isFirstPurchase: false).Status);
    }

    [Fact]
    public void OneSided_RewardsOnlyTheSideItNames_AndANamedRewardIsIssuedWithoutPoints()
    {
        var referrerOnly = Program(new ReferralPolicy { Referrer = ReferralReward.OfPoints(500) });
        var refereeOnly = Program(new ReferralPolicy { Referee = ReferralReward.Named("free-drink", 4.50m) });

        var a = referrerOnly.Referrals.Decide(Referral(), SignUp);
        var b = refereeOnly.Referrals.Decide(Referral(), SignUp);

        Assert.Equal(ReferralSide.Referrer, Assert.Single(a.Awards).Side);
        var award = Assert.Single(b.Awards);
        Assert.Equal(ReferralSide.Referee, award.Side);
        var paid = Pay(refereeOnly, MemberAccount.Open("BEN"), award);
        var entry = Assert.Single(paid.Entries);
        Assert.Equal(LedgerEntryKind.RewardIssued, entry.Kind);
        Assert.Equal("free-drink (worth 4.50): referral 'REF-1': referee reward, voucher 'REF-1/referee/voucher#1': valid with no end", entry.Reason);
        Assert.Equal(new IssuedReward("free-drink", new Money(4.50m, "USD")) { VoucherId = "REF-1/referee/voucher#1" }, entry.Reward);
        var voucher = Assert.Single(paid.Account.Vouchers);
        Assert.Equal(("REF-1/referee/voucher#1", "referral/referee", 4.50m, VoucherStatus.Issued, (LocalDate?)null), (voucher.Id, voucher.RewardId, voucher.Value, voucher.Status, voucher.ValidUntil));
        Assert.Equal(0, paid.Account.BalanceAt(SignUp).Available);
        // A program that does not reward a side refuses an award for it.
        Assert.Equal("the program does not reward referees.", Pay(referrerOnly, MemberAccount.Open("BEN"), new ReferralAwardEvent("REF-1", ReferralSide.Referee, "BEN", SignUp)).Reason);
    }

    [Fact]
    public void SelfReferral_ByPaymentFingerprint_IsRejected_AndNothingIsPaid()
    {
        var program = Program(new ReferralPolicy { Referrer = ReferralReward.OfPoints(500), Referee = ReferralReward.OfPoints(500) }, new SelfReferral());
        var referral = Referral() with
        {
            ReferrerFingerprints = [new(FingerprintKind.Email, "e-ana"), new(FingerprintKind.PaymentInstrument, "card-9f2c")],
            RefereeFingerprints = [new(FingerprintKind.Email, "e-ben"), new(FingerprintKind.PaymentInstrument, "card-9f2c")],
        };

        var decision = program.Referrals.Decide(referral, SignUp);

        Assert.Equal(ReferralStatus.Rejected, decision.Status);
        Assert.Empty(decision.Awards);
        Assert.Equal("self-referral (reject): referrer and referee share a payment instrument fingerprint.", decision.Fraud.Reason);
        Assert.All(decision.Sides, s => Assert.Equal(decision.Fraud.Reason, s.Refusal));
    }

    [Fact]
    public void SelfReferral_SameMember_IsRejected()
    {
        var program = Program(new ReferralPolicy { Referrer = ReferralReward.OfPoints(500) }, new SelfReferral());

        var decision = program.Referrals.Decide(Referral(referrer: "ANA", referee: "ANA"), SignUp);

        Assert.Equal("self-referral (reject): referrer and referee are the same member 'ANA'.", decision.Fraud.Reason);
    }

    [Fact]
    public void SharedIpAddress_Holds_AndTheHeldAwardIsReleasedByReview()
    {
        var program = Program(new ReferralPolicy { Referrer = ReferralReward.OfPoints(500), Referee = ReferralReward.OfPoints(300) }, new SelfReferral());
        var referral = Referral() with
        {
            ReferrerFingerprints = [new(FingerprintKind.IpAddress, "ip-1")],
            RefereeFingerprints = [new(FingerprintKind.IpAddress, "ip-1")],
        };

        var decision = program.Referrals.Decide(referral, SignUp);
        var ana = Pay(program, MemberAccount.Open("ANA"), decision.Awards[0]);

        Assert.Equal(ReferralStatus.Qualified, decision.Status);
        Assert.Equal(FraudAction.Hold, decision.Fraud.Action);
        Assert.Equal(LedgerStatus.Held, ana.Status);
        Assert.Equal(new AccountBalance(0, 0, 500), ana.Account.BalanceAt(SignUp));
        var released = program.Ledger.Process(ana.Account, new HoldReviewEvent("REV-1", "ANA", SignUp.Plus(Duration.FromDays(1)), "REF-1/referrer", HoldResolution.Release, "same household"), new MemberContext("ANA"));
        Assert.Equal(new AccountBalance(500, 0, 0), released.Account.BalanceAt(SignUp.Plus(Duration.FromDays(1))));
        Assert.Null(ana.Qualifying);
        Assert.Equal(new QualifyingActivity { At = SignUp, Points = 500, Referrals = 1 }, released.Qualifying);
    }

    [Fact]
    public void TooManyReferralsFromOneFingerprint_Hold()
    {
        var program = Program(new ReferralPolicy { Referrer = ReferralReward.OfPoints(500) }, new ReferralFingerprintVelocity(3));

        var third = program.Referrals.Decide(Referral() with { ReferralsFromSameFingerprint = 2 }, SignUp);
        var fourth = program.Referrals.Decide(Referral() with { ReferralsFromSameFingerprint = 3 }, SignUp);

        Assert.Equal(FraudAction.Allow, third.Fraud.Action);
        Assert.Equal("referral-fingerprint-velocity (hold): 4 referrals from one fingerprint, above 3.", fourth.Fraud.Reason);
        Assert.NotNull(Assert.Single(fourth.Awards).HoldReason);
    }

    [Fact]
    public void Ladder_PaysMoreForLaterReferrals_AndTheCapIsReachedMidWindow()
    {
        var program = Program(new ReferralPolicy
        {
            Ladder = [new(1, 500), new(6, 750), new(11, 1000)],
            MaxPointsPerWindow = 3_600,
        });
        var account = MemberAccount.Open("ANA");
        var paid = new long[9];
        var reasons = new string?[9];
        for (int i = 0; i < 9; i++)
        {
            var award = program.Referrals.Decide(Referral($"REF-{i + 1}", referee: $"B{i}"), SignUp.Plus(Duration.FromDays(i))).Awards.Single();
            var outcome = Pay(program, account, award);
            paid[i] = outcome.Accrual?.Total.Value ?? 0;
            reasons[i] = outcome.Reason;
            account = outcome.Account;
        }

        // 1-5 pay 500 (2,500), the 6th 750 (3,250), the 7th is cut to the 350 left under 3,600, then nothing.
        Assert.Equal([500L, 500, 500, 500, 500, 750, 350, 0, 0], paid);
        Assert.Equal("referrer cap reached: 3600 referral points paid this year, at most 3600.", reasons[7]);
        Assert.Equal(3_600, account.BalanceAt(SignUp.Plus(Duration.FromDays(10))).Available);

        // A new window (local New Year) starts the ladder and the cap again; a minute before, the cap still holds.
        Assert.Equal(LedgerStatus.Rejected, Pay(program, account, new ReferralAwardEvent("REF-NY", ReferralSide.Referrer, "ANA", Local(2026, 12, 31, 23, 59))).Status);
        Assert.Equal(500, Pay(program, account, new ReferralAwardEvent("REF-NY", ReferralSide.Referrer, "ANA", Local(2027, 1, 1, 0, 0))).Accrual!.Total.Value);
    }

    [Fact]
    public void Ladder_StepByCount_AndACountCap()
    {
        var program = Program(new ReferralPolicy
        {
            Ladder = [new(1, 500), new(6, 750), new(11, 1000)],
            Window = CalendarPeriod.Month,
            MaxReferralsPerWindow = 12,
        });
        var account = MemberAccount.Open("ANA");
        var outcomes = new System.Collections.Generic.List<LedgerOutcome>();
        for (int i = 0; i < 13; i++)
        {
            var outcome = Pay(program, account, new ReferralAwardEvent($"R{i}", ReferralSide.Referrer, "ANA", Local(2026, 3, 1 + i)));
            outcomes.Add(outcome);
            account = outcome.Account;
        }

        Assert.Equal([500L, 500, 500, 500, 500, 750, 750, 750, 750, 750, 1000, 1000, 0], outcomes.Select(o => o.Accrual?.Total.Value ?? 0));
        Assert.Equal("referral 'R10': qualified referral no. 11 this month", Assert.Single(outcomes[10].Accrual!.Items).Reason);
        Assert.Equal("referrer cap reached: 12 referrals paid this month, at most 12.", outcomes[12].Reason);
        Assert.Equal(LedgerStatus.Rejected, outcomes[12].Status);
        Assert.Equal(500, Pay(program, account, new ReferralAwardEvent("R-APRIL", ReferralSide.Referrer, "ANA", Local(2026, 4, 1))).Accrual!.Total.Value);
    }

    [Fact]
    public void ReturnOnInvestmentGuard_RefusesAProgramThatCanPayTooMuch()
    {
        var policy = new ReferralPolicy
        {
            Ladder = [new(1, 500), new(6, 750), new(11, 1000)],
            Referee = ReferralReward.Named("free-drink", 5.00m),
            ExpectedLifetimeValue = 150m,
            MaxShareOfLifetimeValue = 0.10m,
        };

        // 1,000 points at 100 points per dollar (10.00) and a drink worth 5.00: 15.00, exactly 10% of 150.00.
        Program(policy);
        var error = Assert.Throws<ProgramValidationException>(() => Program(policy with { ExpectedLifetimeValue = 149.99m }));

        Assert.Equal("referral.maxShareOfLifetimeValue: one qualified referral can cost 15.00, above 0.1 of the expected lifetime value 149.99 (14.999).",
            Assert.Single(error.Problems).ToString());
    }

    [Fact]
    public void InvalidReferralPolicy_ListsEveryProblem()
    {
        var error = Assert.Throws<ProgramValidationException>(() => Program(new ReferralPolicy
        {
            Referrer = ReferralReward.OfPoints(0),
            Ladder = [new(2, 500), new(2, 700)],
            MaxReferralsPerWindow = 0,
            Qualification = ReferralQualification.FirstPurchase(-1m, 0),
            ExpectedLifetimeValue = 100m,
        }));

        Assert.Equal(
            [
                "referral.referrer.points: must be positive, was 0.",
                "referral.ladder: the referrer is paid by a fixed reward or by a ladder, not both.",
                "referral.ladder[0].from: the first step must start at referral 1, was 2.",
                "referral.ladder[1].from: steps must start in increasing order: 2 follows 2.",
                "referral.maxReferralsPerWindow: must be positive, was 0.",
                "referral.qualification.minimumSpend: must not be negative, was -1.",
                "referral.qualification.withinDays: must be positive, was 0.",
                "referral.maxShareOfLifetimeValue: the return-on-investment guard needs both expectedLifetimeValue and maxShareOfLifetimeValue.",
            ],
            error.Problems.Select(p => p.ToString()));
        Assert.Throws<ProgramValidationException>(() => Program(new ReferralPolicy()));
    }

    [Fact]
    public void Decide_APurchaseOfAnotherMember_NamesTheField()
    {
        var program = Program(new ReferralPolicy { Referee = ReferralReward.OfPoints(1), Qualification = ReferralQualification.AnyPurchase(1m, 5) });

        var error = Assert.ThrowsAny<ArgumentException>(() => program.Referrals.Decide(Referral(), RefereePurchase("P", SignUp, 5m, member: "ZOE"), true));

        Assert.Equal("purchase.MemberId: 'ZOE' is not the referee 'BEN'.", error.Message);
    }

    [Fact]
    public void HeldNamedReward_IsIssuedOnRelease_VoidedAtTheDeadline_AndTheAccountKeepsItInJson()
    {
        var program = Program(new ReferralPolicy { Referee = ReferralReward.Named("free-drink", 4.50m) });
        var award = new ReferralAwardEvent("REF-1", ReferralSide.Referee, "BEN", SignUp, "shared IP address");

        var held = Pay(program, MemberAccount.Open("BEN"), award);

        Assert.Equal(LedgerStatus.Held, held.Status);
        Assert.Equal("free-drink (worth 4.50) held for review: shared IP address", Assert.Single(held.Entries).Reason);
        Assert.Equal(held.Account, MemberAccount.FromJson(held.Account.ToJson()));
        var released = program.Ledger.Process(held.Account, new HoldReviewEvent("REV-1", "BEN", SignUp.Plus(Duration.FromDays(1)), "REF-1/referee", HoldResolution.Release, "checked"), new MemberContext("BEN"));
        Assert.Equal((LedgerEntryKind.RewardIssued, new IssuedReward("free-drink", new Money(4.50m, "USD")) { VoucherId = "REF-1/referee/voucher" }), (Assert.Single(released.Entries).Kind, released.Entries[0].Reward));
        Assert.Equal(("REF-1/referee/voucher", "REV-1", VoucherStatus.Issued), (Assert.Single(released.Account.Vouchers).Id, released.Account.Vouchers[0].SourceId, released.Account.Vouchers[0].Status));
        Assert.Empty(held.Account.Vouchers); // held: no voucher until released
        Assert.Equal("free-drink", Assert.Single(held.Entries).Reward?.Name);
        Assert.Empty(released.Account.HeldRewards);

        // Nobody reviews it: 14 days after 10 March, at the start of 25 March, it is voided.
        Assert.Empty(program.Ledger.Expire(held.Account, Local(2026, 3, 24, 23, 59)).Entries);
        var voided = program.Ledger.Expire(held.Account, Local(2026, 3, 25, 0, 0));
        Assert.Equal("held reward free-drink of 'REF-1/referee' voided: review deadline passed", Assert.Single(voided.Entries).Reason);
    }

    [Fact]
    public void ReferrerAward_OlderThanTheRememberedWindows_IsRefused_SoTheCapCannotBeDodged()
    {
        var program = Program(new ReferralPolicy { Referrer = ReferralReward.OfPoints(500), MaxReferralsPerWindow = 2 });
        var account = Pay(program, MemberAccount.Open("ANA"), new ReferralAwardEvent("R-2026", ReferralSide.Referrer, "ANA", Local(2026, 6, 1))).Account;

        var lastYear = Pay(program, account, new ReferralAwardEvent("R-2025", ReferralSide.Referrer, "ANA", Local(2025, 6, 1)));
        var twoYearsAgo = Pay(program, account, new ReferralAwardEvent("R-2024", ReferralSide.Referrer, "ANA", Local(2024, 12, 31)));

        Assert.Equal(LedgerStatus.Applied, lastYear.Status); // the window before the latest is still remembered
        Assert.Equal(LedgerStatus.Rejected, twoYearsAgo.Status);
        Assert.Equal("too late: the account no longer remembers the referrals paid in the year of 2024-12-31, so the ladder and caps cannot be applied.", twoYearsAgo.Reason);
    }
}
