using NodaTime;
using Xunit;
using static Loyalty.Rules.Tests.Ledger.LedgerTestData;

namespace Loyalty.Rules.Tests.Tiers;

/// <summary>The tier kept in the account: decided by Process and the due work, reported once per change.</summary>
public class AccountTierTests
{
    private static readonly MemberContext Enrolled = new("M1", enrolledOn: new LocalDate(2026, 1, 1));

    private static LoyaltyProgram Program(TierLadder? ladder = null)
        => new LoyaltyProgramBuilder("tiers", "USD", NewYork)
            .WithTierLadder(ladder ?? TierTests.Ladder())
            .AddEarnRate("base", 1m)
            .AddTierAccelerator("tiers", ("Silver", 1.25m), ("Gold", 1.5m))
            .Build();

    private static LedgerOutcome Buy(LoyaltyProgram program, MemberAccount account, string id, Instant at, decimal amount)
        => program.Ledger.Process(account, new PurchaseEvent(Purchase(id, at, amount)), Enrolled);

    [Fact]
    public void Purchases_ReachingSilver_UpgradeTheAccount_ReportTheChangeOnce_AndTheNextPurchaseEarnsSilverPoints()
    {
        var program = Program();
        var first = Buy(program, MemberAccount.Open("M1"), "T1", Local(2026, 3, 1), 200m);
        Assert.Equal("Bronze", first.Tier!.TierId);
        Assert.Null(first.TierChange);
        Assert.Equal(150m, first.Tier.Progress.Missing[TierMetric.Spend]);

        var second = Buy(program, first.Account, "T2", Local(2026, 6, 15), 150m);
        Assert.Equal(("Silver", Local(2026, 6, 15)), (second.Tier!.TierId, second.Tier.Since));
        Assert.Equal(new TierChange("Bronze", "Silver", TierChangeReason.Upgraded), second.TierChange);
        Assert.Equal(Local(2028, 1, 1, 0, 0), second.Tier.SecuredUntil);
        Assert.Equal(150, second.Accrual!.Total.Value); // the upgrade counts from after the purchase that made it

        var third = Buy(program, second.Account, "T3", Local(2026, 7, 1), 100m);
        Assert.Equal("Silver", third.Tier!.TierId);
        Assert.Null(third.TierChange);
        Assert.Equal(125, third.Accrual!.Total.Value); // 100 x 1.25: the account's tier, the host named none
    }

    [Fact]
    public void TwoMembers_ReachingSilverOnOneDay_AtOtherHours_KeepTheirOwnSince_AndProgress()
    {
        // One after the other on one thread, as a replay or a batch of imports runs them: the same tier, reason and day,
        // so only the instant (and the spend still missing for Gold) tell the decisions apart.
        var program = Program();
        var m1 = Buy(program, MemberAccount.Open("M1"), "T1", Local(2026, 6, 15, 9), 400m);
        var m2 = program.Ledger.Process(MemberAccount.Open("M2"), new PurchaseEvent(new Transaction("U1", "M2", Local(2026, 6, 15, 17), "USD", "store", [new TransactionLine("SKU", "coffee", 1m, 400m)])), new MemberContext("M2", enrolledOn: new LocalDate(2026, 1, 1)));
        var m2Later = program.Ledger.Process(m2.Account, new PurchaseEvent(new Transaction("U2", "M2", Local(2026, 6, 15, 18), "USD", "store", [new TransactionLine("SKU", "coffee", 1m, 10m)])), new MemberContext("M2", enrolledOn: new LocalDate(2026, 1, 1)));

        Assert.Equal(("Silver", Local(2026, 6, 15, 9)), (m1.Tier!.TierId, m1.Tier.Since));
        Assert.Equal(("Silver", Local(2026, 6, 15, 17)), (m2.Tier!.TierId, m2.Tier.Since));
        Assert.Equal(m1.Tier.Reason, m2.Tier.Reason);
        Assert.Equal(("Silver", Local(2026, 6, 15, 17)), (m2Later.Tier!.TierId, m2Later.Tier.Since));
        Assert.NotEqual(m2.Tier.Progress.Missing[TierMetric.Spend], m2Later.Tier.Progress.Missing[TierMetric.Spend]); // 10 less to go
        Assert.Equal(10m, m2.Tier.Progress.Missing[TierMetric.Spend] - m2Later.Tier.Progress.Missing[TierMetric.Spend]);
    }

    [Fact]
    public void Expire_AtTheEndOfTheNextYear_MovesTheMemberDown_AndSaysWhy()
    {
        var program = Program();
        var silver = Buy(program, MemberAccount.Open("M1"), "T1", Local(2026, 3, 1), 400m).Account;

        var stillSilver = program.Ledger.Expire(silver, Local(2027, 12, 31, 23, 59));
        Assert.Equal("Silver", stillSilver.Tier!.TierId);
        Assert.Null(stillSilver.TierChange);

        var down = program.Ledger.Expire(stillSilver.Account, Local(2028, 1, 1, 0, 0));
        Assert.Equal(("Bronze", Local(2028, 1, 1, 0, 0)), (down.Tier!.TierId, down.Tier.Since));
        Assert.Equal(new TierChange("Silver", "Bronze", TierChangeReason.Downgraded), down.TierChange);
        Assert.Equal("did not requalify for Silver in the window 2027-01-01 to 2027-12-31", down.Tier.Reason);
        Assert.Null(program.Ledger.Expire(down.Account, Local(2028, 1, 2)).TierChange); // reported once
    }

    [Fact]
    public void Refunds_TakeBackQualifyingSpend_SoTheMemberDoesNotRequalify()
    {
        var program = Program();
        var account = Buy(program, MemberAccount.Open("M1"), "T1", Local(2026, 3, 1), 400m).Account;
        account = Buy(program, account, "T2", Local(2027, 3, 1), 400m).Account; // requalifies for 2028
        var refund = program.Ledger.Process(account, new RefundEvent("R1", Local(2027, 3, 5), Purchase("T2", Local(2027, 3, 1), 400m), [new ReturnedLine(0, 1m)]), Enrolled);
        Assert.Equal(-400m, refund.Qualifying!.Spend);
        Assert.Equal(("Gold", 1000m), (refund.Tier!.Progress.NextTierId, refund.Tier.Progress.Missing[TierMetric.Spend])); // 2027 counts nothing now

        var newYear = program.Ledger.Expire(refund.Account, Local(2028, 1, 1, 0, 0));
        Assert.Equal("Bronze", newYear.Tier!.TierId); // without the refund: Silver through 2028
    }

    [Fact]
    public void PaidTierEvent_WithNoEnd_HoldsTheTier_UntilItIsEnded()
    {
        var program = Program();
        var paid = program.Ledger.Process(MemberAccount.Open("M1"), new PaidTierEvent("P1", "M1", Local(2026, 2, 1), "Gold"), Enrolled);
        Assert.Equal(LedgerStatus.Applied, paid.Status);
        Assert.Equal(("Gold", "paid membership Gold with no end"), (paid.Tier!.TierId, paid.Tier.Reason));
        Assert.Equal(new TierChange("Bronze", "Gold", TierChangeReason.PaidTierStarted), paid.TierChange);
        Assert.Equal(150, Buy(program, paid.Account, "T1", Local(2026, 3, 1), 100m).Accrual!.Total.Value);

        var ended = program.Ledger.Process(paid.Account, PaidTierEvent.Ended("P2", "M1", Local(2026, 9, 1)), Enrolled);
        Assert.Equal(new TierChange("Gold", "Bronze", TierChangeReason.PaidTierEnded), ended.TierChange);
        Assert.Equal(LedgerStatus.Duplicate, program.Ledger.Process(ended.Account, PaidTierEvent.Ended("P2", "M1", Local(2026, 9, 1)), Enrolled).Status);
    }

    [Fact]
    public void PaidTier_WithAnEnd_LapsesAtTheEnd_InTheDueWork()
    {
        var program = Program();
        var paid = program.Ledger.Process(MemberAccount.Open("M1"), new PaidTierEvent("P1", "M1", Local(2026, 2, 1), "Silver", Local(2026, 8, 1)), Enrolled).Account;
        Assert.Equal("Silver", program.Ledger.Expire(paid, Local(2026, 7, 31)).Tier!.TierId);
        var lapsed = program.Ledger.Expire(paid, Local(2026, 8, 1));
        Assert.Equal(new TierChange("Silver", "Bronze", TierChangeReason.PaidTierEnded), lapsed.TierChange);
    }

    [Fact]
    public void TierOverrideEvent_FixedUntil_WinsUntilItEnds_ThenTheEarnedTierReturns()
    {
        var program = Program();
        var account = Buy(program, MemberAccount.Open("M1"), "T1", Local(2026, 3, 1), 400m).Account; // Silver
        var set = program.Ledger.Process(account, new TierOverrideEvent("O1", "M1", Local(2026, 4, 1), "Gold", TierOverrideKind.FixedUntil, Local(2026, 5, 1)), Enrolled);
        Assert.Equal(new TierChange("Silver", "Gold", TierChangeReason.SetByHand), set.TierChange);
        Assert.Equal("set by hand to Gold until 2026-05-01", set.Tier!.Reason);

        var after = program.Ledger.Expire(set.Account, Local(2026, 5, 1));
        Assert.Equal(new TierChange("Gold", "Silver", TierChangeReason.SetByHandEnded), after.TierChange);

        var removed = program.Ledger.Process(set.Account, TierOverrideEvent.Removal("O2", "M1", Local(2026, 4, 10)), Enrolled);
        Assert.Equal(new TierChange("Gold", "Silver", TierChangeReason.SetByHandEnded), removed.TierChange);
    }

    [Fact]
    public void TierOverrideEvent_OneOff_AtTheSameInstantAsThePurchaseBeforeIt_TakesEffectAtOnce()
    {
        var program = Program();
        var account = Buy(program, MemberAccount.Open("M1"), "T1", Local(2026, 3, 1), 100m).Account;
        var set = program.Ledger.Process(account, new TierOverrideEvent("O1", "M1", Local(2026, 3, 1), "Gold", TierOverrideKind.OneOff), Enrolled);
        Assert.Equal(("Gold", "set by hand to Gold on 2026-03-01"), (set.Tier!.TierId, set.Tier.Reason));
        Assert.Equal(new TierChange("Bronze", "Gold", TierChangeReason.SetByHand), set.TierChange);
        Assert.Equal(Local(2028, 1, 1, 0, 0), set.Tier.SecuredUntil); // held like an earned tier: through 2027
    }

    [Fact]
    public void TierEvents_NamingATierTheLadderLacks_OrWithoutALadder_AreRejected_NothingChanges()
    {
        var program = Program();
        var unknown = program.Ledger.Process(MemberAccount.Open("M1"), new PaidTierEvent("P1", "M1", Local(2026, 2, 1), "Platinum"), Enrolled);
        Assert.Equal(LedgerStatus.Rejected, unknown.Status);
        Assert.Equal("tier 'Platinum' is not in the ladder (Bronze, Silver, Gold).", unknown.Reason);

        var noLadder = new LoyaltyProgramBuilder("plain", "USD", NewYork).AddEarnRate("base", 1m).Build();
        var rejected = noLadder.Ledger.Process(MemberAccount.Open("M1"), new TierOverrideEvent("O1", "M1", Local(2026, 2, 1), "Gold", TierOverrideKind.Floor), Enrolled);
        Assert.Equal("program 'plain' has no tier ladder: there is no tier to set.", rejected.Reason);
        Assert.Null(rejected.Tier);
        Assert.ThrowsAny<System.ArgumentException>(() => new TierOverrideEvent("O1", "M1", Local(2026, 2, 1), "Gold", TierOverrideKind.FixedUntil));
    }

    [Fact]
    public void TheTierTrack_SurvivesTheAccountJson_AndStaysSmall()
    {
        var program = Program();
        var account = MemberAccount.Open("M1");
        for (int day = 0; day < 1000; day++)
        {
            account = Buy(program, account, $"T{day}", Local(2026, 1, 1).Plus(Duration.FromHours(9 * day)), 5m).Account;
        }

        var json = account.ToJson();
        var reloaded = MemberAccount.FromJson(json);
        Assert.Equal(account, reloaded);
        var next = Buy(program, reloaded, "next", Local(2027, 1, 15), 5m);
        Assert.Equal(Buy(program, account, "next", Local(2027, 1, 15), 5m).Tier, next.Tier);
        int tierBytes = System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("tier").GetRawText().Length;
        Assert.InRange(tierBytes, 1, 1024); // window totals, not the member's history
    }
}
