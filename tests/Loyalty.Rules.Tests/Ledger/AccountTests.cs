using System;
using System.Linq;
using NodaTime;
using Xunit;
using static Loyalty.Rules.Tests.Ledger.LedgerTestData;

namespace Loyalty.Rules.Tests.Ledger;

public class AccountTests
{
    private static readonly LoyaltyProgram TwelveMonths = Program(new LotPolicy { Expiry = ExpiryPolicy.FixedTerm(Period.FromMonths(12)) })
        .WithRedemption(new RedemptionPolicy { Minimum = 100, Increment = 50, PointsPerCurrencyUnit = 100m })
        .Build();

    [Fact]
    public void Purchase_TwiceWithTheSameId_IsADuplicate_AndChangesNothing()
    {
        var first = TwelveMonths.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 1, 10), 10m);
        var again = TwelveMonths.Buy(first.Account, "T1", Local(2026, 1, 10), 10m);

        Assert.Equal(LedgerStatus.Duplicate, again.Status);
        Assert.Same(first.Account, again.Account);
        Assert.Empty(again.Entries);
    }

    [Fact]
    public void Purchase_SameIdOtherContent_IsRejectedAsAConflict()
    {
        var first = TwelveMonths.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 1, 10), 10m);
        var other = TwelveMonths.Buy(first.Account, "T1", Local(2026, 1, 10), 99m);
        Assert.Equal(LedgerStatus.Rejected, other.Status);
        Assert.Contains("conflict", other.Reason, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Purchase_EntryIds_AreDeterministic()
    {
        var outcome = TwelveMonths.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 1, 10), 10m);
        Assert.Equal(["T1#1"], outcome.Entries.Select(e => e.Id));
    }

    [Fact]
    public void Redeem_ConsumesSoonestExpiringFirst_FifoWithinEqualExpiry()
    {
        var account = MemberAccount.Open("M1");
        account = TwelveMonths.Buy(account, "T1", Local(2026, 3, 1), 100m).Account; // expires 2027-03-02
        account = TwelveMonths.Buy(account, "T2", Local(2026, 1, 5, 9), 100m).Account; // expires 2027-01-06
        account = TwelveMonths.Buy(account, "T3", Local(2026, 1, 5, 18), 100m).Account; // same day: same expiry, earned later

        var redeemed = TwelveMonths.Redeem(account, "R1", Local(2026, 4, 1), 150);

        Assert.Equal(LedgerStatus.Applied, redeemed.Status);
        Assert.Equal([("T2/accrual", 100L), ("T3/accrual", 50L)], redeemed.Entries.Select(e => (e.LotId!, e.Points)));
        Assert.Equal(new Money(1.50m, "USD"), redeemed.Value);
        Assert.Equal(150, redeemed.Account.BalanceAt(Local(2026, 4, 1)).Available);
    }

    [Theory]
    [InlineData(50, "redemptions start at 100 points; 50 asked.")]
    [InlineData(120, "redemptions are in blocks of 50 points; 120 is not.")]
    [InlineData(400, "400 points asked, 300 available.")]
    public void Redeem_BreakingARule_IsRejectedWithTheReason(long points, string reason)
    {
        var account = TwelveMonths.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 1, 5), 300m).Account;
        var outcome = TwelveMonths.Redeem(account, "R1", Local(2026, 2, 1), points);
        Assert.Equal((LedgerStatus.Rejected, reason), (outcome.Status, outcome.Reason));
        Assert.Same(account, outcome.Account);
    }

    [Fact]
    public void Redeem_PendingPoints_AreNotSpendable()
    {
        var program = Program(new LotPolicy { PendingDays = 30 }).Build();
        var account = program.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 1, 5), 300m).Account;
        Assert.Equal(LedgerStatus.Rejected, program.Redeem(account, "R1", Local(2026, 1, 10), 100).Status);
        Assert.Equal(LedgerStatus.Applied, program.Redeem(account, "R1", Local(2026, 2, 5), 100).Status);
    }

    [Fact]
    public void CancelRedemption_RestoresTheSameLotsWithTheirExpiry()
    {
        var account = TwelveMonths.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 1, 5), 100m).Account;
        account = TwelveMonths.Buy(account, "T2", Local(2026, 2, 5), 100m).Account;
        var before = account;
        account = TwelveMonths.Redeem(account, "R1", Local(2026, 3, 1), 150).Account;

        var cancelled = TwelveMonths.Ledger.Process(account, new RedemptionCancellationEvent("C1", "M1", Local(2026, 3, 2), "R1"), Member);

        Assert.Equal(before.Lots.OrderBy(l => l.Id), cancelled.Account.Lots.OrderBy(l => l.Id));
        Assert.Equal(0, cancelled.Account.Totals.Redeemed);
        Assert.Equal(LedgerStatus.Rejected, TwelveMonths.Ledger.Process(cancelled.Account, new RedemptionCancellationEvent("C2", "M1", Local(2026, 3, 3), "R1"), Member).Status);
    }

    [Fact]
    public void AnAdjustmentWhoseLotACancellationRevives_StaysRemembered_AfterItsIdLeavesTheRetentionWindow()
    {
        // Regression (double award): A1 +600 on 1 Jan, R1 spends it on 20 Mar, a purchase on 2 Apr forgets A1 (90-day
        // retention, no live lot), cancelling R1 on 3 Apr revives A1's lot; re-delivering A1 applied it a second time.
        var adjustment = new AdjustmentEvent("A1", "M1", Local(2026, 1, 1), 600, "goodwill");
        var account = TwelveMonths.Ledger.Process(MemberAccount.Open("M1"), adjustment, Member).Account;
        account = TwelveMonths.Redeem(account, "R1", Local(2026, 3, 20), 600).Account;
        account = TwelveMonths.Buy(account, "T1", Local(2026, 4, 2), 10m).Account;
        account = TwelveMonths.Ledger.Process(account, new RedemptionCancellationEvent("C1", "M1", Local(2026, 4, 3), "R1"), Member).Account;

        var again = TwelveMonths.Ledger.Process(account, adjustment, Member);
        var later = TwelveMonths.Ledger.Process(TwelveMonths.Buy(account, "T2", Local(2026, 6, 1), 10m).Account, adjustment, Member);

        Assert.Equal(610, account.BalanceAt(Local(2026, 4, 3)).Available);
        Assert.Equal(LedgerStatus.Duplicate, again.Status);
        Assert.Equal(LedgerStatus.Duplicate, later.Status); // still remembered while its revived lot lives
        Assert.Single(later.Account.Lots, l => l.SourceId == "A1");
    }

    [Fact]
    public void Adjustments_AddAndTake_WithTheirReason()
    {
        var account = TwelveMonths.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 1, 5), 100m).Account;
        var up = TwelveMonths.Ledger.Process(account, new AdjustmentEvent("A1", "M1", Local(2026, 1, 6), 25, "late delivery goodwill"), Member);
        Assert.Equal(125, up.Account.BalanceAt(Local(2026, 1, 6)).Available);
        Assert.Equal("late delivery goodwill", up.Entries.Single().Reason);

        var down = TwelveMonths.Ledger.Process(up.Account, new AdjustmentEvent("A2", "M1", Local(2026, 1, 7), -200, "duplicate credit"), Member);
        Assert.Equal(LedgerStatus.Rejected, down.Status);
        var fine = TwelveMonths.Ledger.Process(up.Account, new AdjustmentEvent("A2", "M1", Local(2026, 1, 7), -25, "duplicate credit"), Member);
        Assert.Equal((100L, 25L, 25L), (fine.Account.BalanceAt(Local(2026, 1, 7)).Available, fine.Account.Totals.AdjustedUp, fine.Account.Totals.AdjustedDown));
    }

    [Fact]
    public void PromotionalRule_GetsItsOwnLotAndExpiry()
    {
        var program = Program(new LotPolicy { Expiry = ExpiryPolicy.FixedTerm(Period.FromMonths(12)) })
            .AddFixedBonus("promo", new Points(50), null)
            .WithRuleLots("promo", new LotPolicy { Expiry = ExpiryPolicy.FixedTerm(Period.FromDays(30)) })
            .Build();

        var lots = program.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 1, 5), 20m).Account.Lots;

        Assert.Equal(
            [("T1/accrual", 20L, Local(2027, 1, 6, 0, 0)), ("T1/promo", 50L, Local(2026, 2, 5, 0, 0))],
            lots.OrderBy(l => l.Id).Select(l => (l.Id, l.Points, l.ExpiresAt!.Value)));
    }

    [Fact]
    public void SpendReward_EveryStep_IssuesAReward_AndCarriesTheRest()
    {
        var program = Program().WithSpendReward(new SpendReward { Step = 35.00m, RewardValue = 5.00m, Name = "5.00 off" }).Build();
        var first = program.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 1, 5), 20m);
        var second = program.Buy(first.Account, "T2", Local(2026, 1, 6), 20m);
        var third = program.Buy(second.Account, "T3", Local(2026, 1, 7), 60m);

        Assert.DoesNotContain(first.Entries, e => e.Kind == LedgerEntryKind.RewardIssued);
        var issued = Assert.Single(second.Entries, e => e.Kind == LedgerEntryKind.RewardIssued);
        Assert.Equal(new IssuedReward("5.00 off", new Money(5.00m, "USD")) { VoucherId = "T2/voucher#1" }, issued.Reward); // typed, not only in the reason
        Assert.Equal(("T2/voucher#1", SpendReward.RewardId, 5.00m, VoucherStatus.Issued), (Assert.Single(second.Account.Vouchers).Id, second.Account.Vouchers[0].RewardId, second.Account.Vouchers[0].Value, second.Account.Vouchers[0].Status));
        Assert.Equal(5.00m, second.Account.State.Get(SpendRewardState.Counter));
        Assert.All(first.Entries, e => Assert.Null(e.Reward));
        Assert.Single(third.Entries, e => e.Kind == LedgerEntryKind.RewardIssued); // 5 + 60 = 65: one step, 30 carried
        Assert.Equal(30.00m, third.Account.State.Get(SpendRewardState.Counter));
    }

    [Fact]
    public void Account_JsonRoundTrip_GivesAnEqualAccount()
    {
        var account = TwelveMonths.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 1, 5), 300m).Account;
        account = TwelveMonths.Redeem(account, "R1", Local(2026, 2, 1), 150).Account;
        var json = account.ToJson();

        Assert.Equal(account, MemberAccount.FromJson(json));
        Assert.Contains("\"earnedAt\":[\"2026-01-05T17:00:00Z\"]", json, System.StringComparison.Ordinal);
    }

    [Fact]
    public void AnAccountStoredWithEveryFeaturesStateAsItsOwnProperty_LoadsIntoTheSameState_AndIsWrittenBackUnderTheSameNames()
    {
        const string stored = """
            {"memberId":"M1","lots":[],"debt":0,"hasPurchased":true,"birthdayRewardYear":2026,
             "dividendSpend":[{"periodStart":"2026-01-01","spend":120.50}],"dividendPaidThrough":"2025-01-01",
             "paidOnceRules":["sign-up"],"offerUses":[{"offerId":"comeback","windowStart":"2026-03-01","count":2}],
             "periodTallies":{"periods":[{"ruleId":"monthly-cap","periodStart":"2026-03-01","points":500}],"forgottenThrough":null},
             "spendCounter":12.50,"referralsPaid":[{"referralId":"REF1","at":"2026-03-01T10:00:00Z","points":100}],
             "heldRewards":[],"writtenByANewerVersion":{"x":1}}
            """;

        var account = MemberAccount.FromJson(stored);
        var again = MemberAccount.FromJson(account.ToJson());

        Assert.Equal(2026, account.State.Get(BirthdayRewardState.PaidYear));
        Assert.Equal([new DividendSpend(new LocalDate(2026, 1, 1), 120.50m)], account.State.Get(DividendState.Spend).ToArray());
        Assert.Equal(new LocalDate(2025, 1, 1), account.State.Get(DividendState.PaidThrough));
        Assert.Equal(["sign-up"], account.State.Get(ActivityRuleState.PaidOnce).ToArray());
        Assert.Equal([new OfferUse("comeback", new LocalDate(2026, 3, 1), 2)], account.State.Get(TargetedOfferState.Uses).ToArray());
        Assert.Equal(500, account.State.Get(MemberPeriodCapState.Tallies).PointsOf("monthly-cap", new LocalDate(2026, 3, 1)));
        Assert.Equal(12.50m, account.State.Get(SpendRewardState.Counter));
        Assert.Equal([new ReferralPayment("REF1", Instant.FromUtc(2026, 3, 1, 10, 0), 100)], account.State.Get(ReferralState.Payments).ToArray());
        Assert.Equal(account, again);
        Assert.Contains("\"offerUses\":[{\"offerId\":\"comeback\"", account.ToJson(), StringComparison.Ordinal);
        Assert.Contains("\"writtenByANewerVersion\":{\"x\":1}", again.ToJson(), StringComparison.Ordinal); // nothing stored is lost
    }

    [Fact]
    public void DefaultValues_AreNotStored()
    {
        var account = TwelveMonths.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 1, 5), 300m).Account;
        var json = account.ToJson();

        Assert.DoesNotContain(":null", json, StringComparison.Ordinal);
        Assert.DoesNotContain(":false", json, StringComparison.Ordinal);
        Assert.DoesNotContain(":0,", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"reversed\"", json, StringComparison.Ordinal); // a column every row has at its default is left out
        Assert.DoesNotContain("isHeld", json, StringComparison.Ordinal); // it follows from heldBy
        Assert.Equal(account, MemberAccount.FromJson(json));
    }

    [Fact]
    public void ANewAccount_StoresNoFeatureState_AndEmptyStateFromAnOlderWriterLoadsAsEmpty()
    {
        var json = MemberAccount.Open("M1").ToJson();
        var old = MemberAccount.FromJson("""{"memberId":"M1","birthdayRewardYear":null,"offerUses":[],"periodTallies":{"periods":[],"forgottenThrough":null},"spendCounter":0}""");

        Assert.DoesNotContain("offerUses", json, StringComparison.Ordinal);
        Assert.DoesNotContain("spendCounter", json, StringComparison.Ordinal);
        Assert.Equal(MemberAccount.Open("M1"), old);
        Assert.Equal(json, old.ToJson());
    }
}
