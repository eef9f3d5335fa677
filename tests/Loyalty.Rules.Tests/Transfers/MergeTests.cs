using System.Linq;
using System.Text.Json.Nodes;
using NodaTime;
using Xunit;
using static Loyalty.Rules.Tests.Ledger.LedgerTestData;

namespace Loyalty.Rules.Tests.Transfers;

public class MergeTests
{
    private static Transaction Sale(string id, string member, Instant at, decimal amount) => new(id, member, at, "USD", "store", [new TransactionLine("SKU", "coffee", 1m, amount)]);

    [Fact]
    public void InAWorkingAccount_TheAbsorbedMembersEvents_AreTakenRightAfterTheMerge()
    {
        var program = TransferTestData.Program();
        var old = program.Buy(MemberAccount.Open("OLD"), "T1", Local(2026, 1, 5), 100m).Account;
        var closed = program.Apply(old, new AccountClosureEvent("M1", "OLD", "NEW", Local(2026, 4, 1)));
        var keep = program.Buy(MemberAccount.Open("NEW"), "T3", Local(2026, 2, 5), 200m).Account;
        var member = new MemberContext("NEW");

        using var working = program.Ledger.Open(keep);
        Assert.Equal(LedgerStatus.Applied, working.Process(new AccountMergeEvent(closed.Merge!), member).Status);
        var again = working.Process(new PurchaseEvent(Sale("T1", "OLD", Local(2026, 1, 5), 100m)), member); // the old member's purchase, delivered again
        var refund = new RefundEvent("RF1", Local(2026, 4, 2), Sale("T1", "OLD", Local(2026, 1, 5), 100m), [new ReturnedLine(0, 1m)]);
        var refunded = working.Process(refund, member);
        var merged = program.Apply(keep, new AccountMergeEvent(closed.Merge!)).Account;
        var oneByOne = program.Ledger.Process(merged, refund, member);

        Assert.Equal(LedgerStatus.Duplicate, again.Status);
        Assert.Equal(LedgerStatus.Applied, refunded.Status);
        Assert.Equal(oneByOne.Account, working.ToAccount());
        Assert.Equal(200, working.ToAccount().Available(Local(2026, 4, 3))); // the 100 of T1 came with the merge and went with its refund
    }

    [Fact]
    public void AMerge_MovesEveryLotWithItsOwnExpiry_TheDebt_AndTheRememberedEvents_InTwoSteps()
    {
        var program = TransferTestData.Program();
        var old = program.Buy(MemberAccount.Open("OLD"), "T1", Local(2026, 1, 5), 100m).Account;
        old = program.Buy(old, "T2", Local(2026, 3, 5), 50m).Account;
        old = program.Apply(old, new RedemptionEvent("R1", "OLD", Local(2026, 3, 6), 30)).Account;
        var keep = program.Buy(MemberAccount.Open("NEW"), "T3", Local(2026, 2, 5), 200m).Account;

        var closed = program.Apply(old, new AccountClosureEvent("M1", "OLD", "NEW", Local(2026, 4, 1)));

        Assert.Equal(LedgerStatus.Applied, closed.Status);
        Assert.Equal([(LedgerEntryKind.MergedOut, 70L, "T1/accrual"), (LedgerEntryKind.MergedOut, 50L, "T2/accrual")], closed.Entries.Select(e => (e.Kind, e.Points.Value, e.LotId)));
        Assert.Empty(closed.Account.Lots);
        Assert.Equal((150L, 0L), (closed.Account.Totals.MergedOut.Value, closed.Account.Totals.Redeemed.Value)); // 120 in lots, and the 30 of a cancellable redemption
        var refused = program.Buy(closed.Account, "T4", Local(2026, 4, 2), 10m);
        Assert.Equal((LedgerStatus.Rejected, "the account was closed at 2026-04-01T16:00:00Z by merge 'M1': its points are in 'NEW'."), (refused.Status, refused.Reason));
        var receipt = MergeReceipt.FromJson(closed.Merge!.ToJson());

        var merged = program.Apply(keep, new AccountMergeEvent(receipt));

        Assert.Equal(LedgerStatus.Applied, merged.Status);
        Assert.Equal(
            [("T1/accrual", 70L, (Instant?)Local(2027, 1, 6, 0)), ("T3/accrual", 200L, Local(2027, 2, 6, 0)), ("T2/accrual", 50L, Local(2027, 3, 6, 0))],
            merged.Account.Lots.Select(l => (l.Id, l.Remaining.Value, l.ExpiresAt)));
        Assert.Equal(320, merged.Account.Available(Local(2026, 4, 1)));
        Assert.Equal((150L, 30L), (merged.Account.Totals.MergedIn.Value, merged.Account.Totals.Redeemed.Value));
        Assert.Equal((0L, 0L, 0L, 150L, 150L), TransferTestData.Moved(closed.Account, merged.Account));

        // The closed account's events now belong here: a re-delivery is a duplicate, a refund is taken here, a cancellation too.
        var member = new MemberContext("NEW");
        Assert.Equal(LedgerStatus.Duplicate, program.Ledger.Process(merged.Account, new PurchaseEvent(Sale("T2", "OLD", Local(2026, 3, 5), 50m)), member).Status);
        var refund = program.Ledger.Process(merged.Account, new RefundEvent("RF1", Local(2026, 4, 3), Sale("T2", "OLD", Local(2026, 3, 5), 50m), [new ReturnedLine(0, 1m)]), member);
        Assert.Equal((LedgerStatus.Applied, 270L), (refund.Status, refund.Account.Available(Local(2026, 4, 3))));
        var cancelled = program.Ledger.Process(refund.Account, new RedemptionCancellationEvent("C1", "OLD", Local(2026, 4, 4), "R1"), member);
        Assert.Equal((LedgerStatus.Applied, 300L), (cancelled.Status, cancelled.Account.Available(Local(2026, 4, 4))));
        Assert.Equal(LedgerStatus.Duplicate, program.Apply(cancelled.Account, new AccountMergeEvent(receipt)).Status);
        Assert.Equal(cancelled.Account, MemberAccount.FromJson(cancelled.Account.ToJson()));
    }

    [Fact]
    public void ADebtMovesToo_AndAnAlteredReceiptOrAHeldPointIsRefused()
    {
        var program = new LoyaltyProgramBuilder("merge", "USD", NewYork).AddEarnRate("base", 1m)
            .WithLedger(new LedgerPolicy { Shortfall = RefundShortfall.Debt })
            .WithHoldReview(new HoldReview(7, HoldResolution.Void)).AddFraudCheck(new PointsCeiling(500))
            .Build();
        var old = program.Buy(MemberAccount.Open("OLD"), "T1", Local(2026, 1, 5), 100m).Account;
        old = program.Apply(old, new RedemptionEvent("R1", "OLD", Local(2026, 1, 6), 100)).Account;
        old = program.Ledger.Process(old, new RefundEvent("RF1", Local(2026, 1, 7), Sale("T1", "OLD", Local(2026, 1, 5), 100m), [new ReturnedLine(0, 1m)]), new MemberContext("OLD")).Account;
        Assert.Equal(100, old.Debt);

        var closed = program.Apply(old, new AccountClosureEvent("M1", "OLD", "NEW", Local(2026, 2, 1)));
        Assert.Equal((0L, 0L), (closed.Account.Totals.MergedOut.Value, closed.Account.Totals.Redeemed.Value)); // a debt of 100 less, the 100 of redemption R1 moved
        Assert.Equal([(LedgerEntryKind.MergedOut, -100L)], closed.Entries.Select(e => (e.Kind, e.Points.Value)));
        var merged = program.Apply(program.Buy(MemberAccount.Open("NEW"), "T2", Local(2026, 1, 8), 300m).Account, new AccountMergeEvent(closed.Merge!));
        Assert.Equal((100L, 200L, 0L, 100L), (merged.Account.Debt.Value, merged.Account.Available(Local(2026, 2, 1)), merged.Account.Totals.MergedIn.Value, merged.Account.Totals.Redeemed.Value));

        var json = JsonNode.Parse(closed.Merge!.ToJson())!;
        json["debt"] = 0;
        var forged = program.Apply(MemberAccount.Open("NEW"), new AccountMergeEvent(MergeReceipt.FromJson(json.ToJsonString())));
        Assert.Equal((LedgerStatus.Rejected, "the receipt of merge 'M1' is not signed by this ledger: forged, altered after signing, or signed with another receipt key."), (forged.Status, forged.Reason));

        var held = program.Buy(MemberAccount.Open("BIG"), "T9", Local(2026, 1, 5), 900m);
        Assert.Equal(LedgerStatus.Held, held.Status);
        Assert.Equal("points or rewards are held for review: release or void them before closing the account.", program.Apply(held.Account, new AccountClosureEvent("M2", "BIG", "NEW", Local(2026, 1, 6))).Reason);
        Assert.ThrowsAny<System.ArgumentException>(() => new AccountClosureEvent("M3", "NEW", "NEW", Local(2026, 2, 1)));
    }

    [Fact]
    public void TheAbsorbingAccount_KeepsTheHigherTier_WhileTheClosedOneHadItSecured_OrItsOwnByTheProgramsRule()
    {
        LoyaltyProgram Program(MergeTier rule) => new LoyaltyProgramBuilder("tiers", "USD", NewYork).WithTierLadder(Tiers.TierTests.Ladder()).AddEarnRate("base", 1m).WithMerges(new MergePolicy { Tier = rule }).Build();
        foreach (var rule in new[] { MergeTier.Higher, MergeTier.Target })
        {
            var program = Program(rule);
            var gold = program.Buy(MemberAccount.Open("OLD"), "T1", Local(2026, 3, 1), 1200m);
            Assert.Equal(("Gold", (Instant?)Local(2028, 1, 1, 0)), (gold.Tier!.TierId, gold.Tier.SecuredUntil));
            var bronze = program.Buy(MemberAccount.Open("NEW"), "T2", Local(2026, 3, 2), 100m).Account;

            var closed = program.Apply(gold.Account, new AccountClosureEvent("M1", "OLD", "NEW", Local(2026, 4, 1)));
            var merged = program.Apply(bronze, new AccountMergeEvent(closed.Merge!));

            string expected = rule == MergeTier.Higher ? "Gold" : "Bronze";
            Assert.Equal(expected, merged.Tier!.TierId);
            Assert.Equal(expected, program.Ledger.TierOf(merged.Account, Local(2027, 12, 31))!.TierId);
            Assert.Equal("Bronze", program.Ledger.TierOf(merged.Account, Local(2028, 1, 2))!.TierId); // the floor ends with the closed account's
        }
    }

    [Fact]
    public void WhatTheClosedAccountWasPaidOnce_StaysPaid_ItsVouchersMove_AndItsSpendCounterAdds()
    {
        var program = new LoyaltyProgramBuilder("merge", "USD", NewYork).AddEarnRate("base", 1m)
            .AddFirstPurchaseBonus("welcome", 50)
            .AddActivity(new ActivityRule { Id = "signup", Activity = ActivityKind.SignUp, Points = 100, OncePerMember = true })
            .WithSpendReward(new SpendReward { Step = 100m, RewardValue = 5m, Name = "5 off" })
            .Build();
        var old = program.Buy(MemberAccount.Open("OLD"), "T1", Local(2026, 1, 5), 130m).Account; // 130 + 50 welcome; a voucher, 30 toward the next
        old = program.Apply(old, new ActivityAccrualEvent(new ActivityEvent("A1", "OLD", Local(2026, 1, 5), ActivityKind.SignUp))).Account;
        var keep = program.Apply(MemberAccount.Open("NEW"), new AdjustmentEvent("ADJ", "NEW", Local(2026, 1, 6), 10, "goodwill")).Account; // never bought, never signed up

        var closed = program.Apply(old, new AccountClosureEvent("M1", "OLD", "NEW", Local(2026, 2, 1)));
        var merged = program.Apply(keep, new AccountMergeEvent(closed.Merge!)).Account;

        Assert.Equal("T1/voucher#1", Assert.Single(merged.Vouchers).Id);
        Assert.Empty(closed.Account.Vouchers);
        var next = program.Buy(merged, "T2", Local(2026, 2, 2), 70m);
        Assert.DoesNotContain(next.Accrual!.Items, i => i.RuleId == "welcome"); // the person's first purchase was T1
        Assert.Equal(70, next.Accrual.Total.Value);
        Assert.Equal(2, next.Account.Vouchers.Length);                     // 30 carried + 70 reach the 100 step
        var again = program.Apply(next.Account, new ActivityAccrualEvent(new ActivityEvent("A3", "NEW", Local(2026, 2, 3), ActivityKind.SignUp)));
        Assert.Equal(0, again.Accrual!.Total.Value);                       // paid once per member: to either account
    }
}
