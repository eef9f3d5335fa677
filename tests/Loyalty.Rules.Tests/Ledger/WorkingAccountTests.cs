using System;
using System.Linq;
using NodaTime;
using Xunit;
using static Loyalty.Rules.Tests.Ledger.LedgerTestData;

namespace Loyalty.Rules.Tests.Ledger;

public class WorkingAccountTests
{
    private static readonly LoyaltyProgram Yearly = Program(new LotPolicy { Expiry = ExpiryPolicy.FixedTerm(Period.FromMonths(12)) }).Build();

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // applied for the account alone: the statuses only, the same account
    public void AYearOfPurchasesRedemptionsAndMonthEnds_IsWrittenOnce_AsOneByOneWritesIt(bool quietly)
    {
        var account = MemberAccount.Open("M1");
        var oneByOne = account;
        using var working = Yearly.Ledger.Open(account);
        LedgerStatus Status(LedgerEvent e) => quietly ? working.Apply(e, Member) : working.Process(e, Member).Status;
        for (int month = 1; month <= 12; month++)
        {
            var bought = new PurchaseEvent(Purchase($"T{month}", Local(2026, month, 10), 25.50m));
            var redeemed = new RedemptionEvent($"R{month}", "M1", Local(2026, month, 20), 20);
            Assert.Equal(LedgerStatus.Applied, Status(bought));
            Assert.Equal(LedgerStatus.Duplicate, Status(bought));
            Assert.Equal(LedgerStatus.Applied, Status(redeemed));
            Assert.Equal(LedgerStatus.Rejected, Status(new RedemptionEvent($"X{month}", "M1", Local(2026, month, 21), 1_000))); // no trace: the account below has none
            var monthEnd = Local(2026, month, 1, 0, 0).Plus(Duration.FromDays(31));
            if (quietly)
            {
                working.ApplyExpiry(monthEnd);
            }
            else
            {
                working.Expire(monthEnd);
            }

            oneByOne = Yearly.Ledger.Expire(Yearly.Ledger.Process(Yearly.Ledger.Process(oneByOne, bought, Member).Account, redeemed, Member).Account, monthEnd).Account;
            Assert.Equal(oneByOne.BalanceAt(monthEnd), working.BalanceAt(monthEnd));
        }

        // 12 purchases of 25 points (the base rate of 1 a dollar rounds 25.50 down), 12 redemptions of 20: 60 left.
        Assert.Equal(new AccountBalance(60, 0), working.BalanceAt(Local(2026, 12, 31)));
        var written = working.ToAccount();
        Assert.Equal(oneByOne, written);
        Assert.Equal(oneByOne.ToJson(), written.ToJson());
        Assert.Equal(300, written.Totals.Accrued.Value);
        Assert.Equal(240, written.Totals.Redeemed.Value);
        Assert.Same(written, working.ToAccount()); // nothing since: the same account
    }

    [Fact]
    public void Outcomes_CarryTheAccountOpened_UntilItIsWritten()
    {
        var account = MemberAccount.Open("M1");
        using var working = Yearly.Ledger.Open(account);
        var first = working.Process(new PurchaseEvent(Purchase("T1", Local(2026, 3, 1), 10m)), Member);
        var again = working.Process(new PurchaseEvent(Purchase("T1", Local(2026, 3, 1), 10m)), Member);
        Assert.Equal(LedgerStatus.Duplicate, again.Status);
        Assert.Same(account, first.Account);

        var written = working.ToAccount();
        Assert.Same(written, first.Account);
        Assert.Same(written, again.Account);
        Assert.Equal(10, written.BalanceAt(Local(2026, 3, 2)).Available.Value);
    }

    [Fact]
    public void ARejectedEvent_LeavesNoTrace_AndTheBatchGoesOn()
    {
        using var working = Yearly.Ledger.Open(MemberAccount.Open("M1"));
        working.Process(new PurchaseEvent(Purchase("T1", Local(2026, 3, 1), 40m)), Member);
        var tooMuch = working.Process(new RedemptionEvent("R1", "M1", Local(2026, 3, 2), 50), Member);
        Assert.Equal(LedgerStatus.Rejected, tooMuch.Status);
        Assert.Equal(LedgerStatus.Applied, working.Process(new RedemptionEvent("R2", "M1", Local(2026, 3, 2), 30), Member).Status);
        var account = working.ToAccount();
        Assert.Equal(10, account.BalanceAt(Local(2026, 3, 3)).Available.Value);
        Assert.DoesNotContain(account.AppliedEvents, e => e.Id == "R1");
    }

    [Fact]
    public void AnEventThatThrows_GivesTheWorkingAccountUp_AndNothingIsWritten()
    {
        var working = Yearly.Ledger.Open(MemberAccount.Open("M1"));
        working.Process(new PurchaseEvent(Purchase("T1", Local(2026, 3, 1), 40m)), Member);
        var other = new PurchaseEvent(new Transaction("T2", "M2", Local(2026, 3, 2), "USD", "store", [new TransactionLine("SKU", "coffee", 1m, 5m)]));

        var thrown = Assert.ThrowsAny<ArgumentException>(() => working.Process(other, new MemberContext("M2")));
        Assert.Contains("account.MemberId", thrown.Message);
        var after = Assert.Throws<InvalidOperationException>(() => working.ToAccount());
        Assert.Contains("open the stored account again", after.Message);
        Assert.Throws<InvalidOperationException>(() => working.Expire(Local(2026, 4, 1)));
        working.Dispose();

        using var disposed = Yearly.Ledger.Open(MemberAccount.Open("M1"));
        disposed.Dispose();
        Assert.Contains("disposed", Assert.Throws<InvalidOperationException>(() => disposed.BalanceAt(Local(2026, 3, 1))).Message);
    }

    [Fact]
    public void AnEventWithAReceiptToDeliver_IsRefusedByApply_BeforeAnythingIsApplied()
    {
        var program = Transfers.TransferTestData.Program(households: new HouseholdPolicy { ContributionShare = 0.5m });
        var member = program.Ledger.Process(MemberAccount.Open("ANN"), new HouseholdMembershipEvent("J1", "H1", "ANN", Local(2026, 1, 2), HouseholdChange.Join, HouseholdSide.Member, true), new MemberContext("ANN")).Account;
        using var working = program.Ledger.Open(member);
        var give = new TransferOutEvent("G1", "ANN", "BOB", Local(2026, 1, 3), 10);
        var bought = new PurchaseEvent(new Transaction("T1", "ANN", Local(2026, 1, 5), "USD", "store", [new TransactionLine("SKU", "coffee", 1m, 100m)]));

        Assert.Contains("G1", Assert.ThrowsAny<ArgumentException>(() => working.Apply(give, new MemberContext("ANN"))).Message);
        var pooled = Assert.ThrowsAny<ArgumentException>(() => working.Apply(bought, new MemberContext("ANN"))); // half of it goes to the pool by a receipt
        Assert.Contains("receipt", pooled.Message);

        var processed = working.Process(bought, new MemberContext("ANN")); // still open, nothing applied before: Process gives the receipt
        Assert.Equal((LedgerStatus.Applied, 50L), (processed.Status, processed.Transfer!.Points.Value));
        Assert.Equal(100, working.ToAccount().Totals.Accrued.Value);
    }

    [Fact]
    public void ATieredAccount_WhereTimeOnlyPasses_IsWrittenWithTheTrackOneByOneWrites()
    {
        var tiered = Program(new LotPolicy { Expiry = ExpiryPolicy.FixedTerm(Period.FromMonths(12)) }).WithTierLadder(Tiers.TierTests.Ladder(graceDays: 30)).Build();
        var bought = new PurchaseEvent(Purchase("T1", Local(2026, 3, 10), 600m));
        var redeemed = new RedemptionEvent("R1", "M1", Local(2026, 5, 20), 100);
        var monthEnd = Local(2026, 6, 1, 0, 0);
        var oneByOne = tiered.Ledger.Expire(tiered.Ledger.Process(tiered.Ledger.Process(MemberAccount.Open("M1"), bought, Member).Account, redeemed, Member).Account, monthEnd).Account;

        using var working = tiered.Ledger.Open(MemberAccount.Open("M1"));
        working.Process(bought, Member);
        working.Process(redeemed, Member); // only time passes for the tier: the track is not made again
        working.Expire(monthEnd);
        var written = working.ToAccount();

        Assert.Equal(oneByOne.ToJson(), written.ToJson());
        Assert.Contains("\"last\":\"2026-06-01T04:00:00Z\"", written.ToJson()); // the track counted everything to the month end (midnight in New York)
        Assert.Equal(tiered.Ledger.TierOf(oneByOne, monthEnd), tiered.Ledger.TierOf(written, monthEnd));
        Assert.Equal(tiered.Ledger.TierOf(oneByOne, Local(2026, 4, 1)), tiered.Ledger.TierOf(written, Local(2026, 4, 1))); // asked before its last instant: decided at it
    }

    [Fact]
    public void AnOfferOnceAWeek_PaysTheFirstPurchaseOfTheWeekOnly_InAWorkingAccount()
    {
        var offered = Program().AddPolicy(new TargetedOffer
        {
            Id = "weekly",
            StartsAt = Local(2026, 3, 1),
            EndsAt = Local(2026, 4, 1),
            Points = new Points(60),
            Limit = new OfferLimit(1, CalendarPeriod.Week),
        }).Build();
        var member = new MemberContext("M1"); // one instance for every event, as a host keeps it: the view of it is reused while nothing changed
        using var working = offered.Ledger.Open(MemberAccount.Open("M1"));
        var monday = working.Process(new PurchaseEvent(Purchase("T1", Local(2026, 3, 2), 10m)), member);
        var tuesday = working.Process(new PurchaseEvent(Purchase("T2", Local(2026, 3, 3), 10m)), member); // the same week: the offer's use is in the account
        working.Apply(new PurchaseEvent(Purchase("T3", Local(2026, 3, 4), 10m)), member);
        var nextWeek = working.Process(new PurchaseEvent(Purchase("T4", Local(2026, 3, 9), 10m)), member);
        var nextTuesday = working.Process(new PurchaseEvent(Purchase("T5", Local(2026, 3, 10), 10m)), member); // this week's use came with the purchase before

        Assert.Equal((70L, 10L, 70L, 10L), (monday.Accrual!.Total.Value, tuesday.Accrual!.Total.Value, nextWeek.Accrual!.Total.Value, nextTuesday.Accrual!.Total.Value));
        Assert.Equal(70 + 10 + 10 + 70 + 10, working.ToAccount().Totals.Accrued.Value);
    }
}
