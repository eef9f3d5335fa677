using System;
using System.Collections.Generic;
using System.Linq;
using NodaTime;
using Xunit;
using static Loyalty.Rules.Tests.Ledger.LedgerTestData;

namespace Loyalty.Rules.Tests.Rewards;

public class RewardCatalogTests
{
    private static readonly CatalogReward Drink = new() { Id = "free-drink", Name = "A free drink", Points = 150, Value = 4.50m, Product = "drink", ValidForDays = 30 };

    private static LoyaltyProgram Cafe(params CatalogReward[] rewards)
    {
        var builder = Program(new LotPolicy { Expiry = ExpiryPolicy.FixedTerm(Period.FromMonths(12)) });
        foreach (var reward in rewards.DefaultIfEmpty(Drink))
        {
            builder.AddReward(reward);
        }

        return builder.WithReminders(new ReminderPolicy { DaysBefore = [30, 7] }).Build();
    }

    private static LedgerOutcome RedeemReward(LoyaltyProgram program, MemberAccount account, string id, Instant at, string rewardId = "free-drink", MemberContext? member = null, string? channel = null)
        => program.Ledger.Process(account, new RewardRedemptionEvent(id, account.MemberId, at, rewardId, channel: channel), member ?? new MemberContext(account.MemberId));

    private static LedgerOutcome Use(LoyaltyProgram program, MemberAccount account, string id, Instant at, string voucherId, string transactionId)
        => program.Ledger.Process(account, new VoucherUseEvent(id, account.MemberId, at, voucherId, transactionId), Member);

    [Fact]
    public void FreeDrink_RefusedAt149_IssuedAt150_PointsTakenSoonestExpiringFirst()
    {
        var program = Cafe();
        var account = program.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 1, 5), 100m).Account;
        var poor = program.Buy(account, "T2", Local(2026, 1, 6), 49m).Account;

        var refused = RedeemReward(program, poor, "R1", Local(2026, 1, 10));
        Assert.Equal((LedgerStatus.Rejected, "reward 'free-drink' costs 150 points; 149 available."), (refused.Status, refused.Reason));
        Assert.Same(poor, refused.Account);

        account = program.Buy(poor, "T3", Local(2026, 1, 7), 1m).Account; // 150
        var redeemed = RedeemReward(program, account, "R1", Local(2026, 1, 10));

        Assert.Equal(LedgerStatus.Applied, redeemed.Status);
        Assert.Equal(
            [(LedgerEntryKind.Redeemed, 100L, "T1/accrual"), (LedgerEntryKind.Redeemed, 49L, "T2/accrual"), (LedgerEntryKind.Redeemed, 1L, "T3/accrual"), (LedgerEntryKind.RewardIssued, 0L, null)],
            redeemed.Entries.Select(e => (e.Kind, e.Points.Value, e.LotId)));
        Assert.Equal("reward 'free-drink' (A free drink) for 150 points, voucher 'R1/voucher': valid until 2026-02-08", redeemed.Entries[^1].Reason);
        Assert.Equal(new IssuedReward("A free drink", new Money(4.50m, "USD")) { VoucherId = "R1/voucher" }, redeemed.Entries[^1].Reward);
        Assert.Equal(new Money(4.50m, "USD"), redeemed.Value);
        var voucher = Assert.Single(redeemed.Account.Vouchers);
        Assert.Equal(
            ("R1/voucher", "free-drink", "drink", 4.50m, 150L, "R1", new LocalDate(2026, 1, 10), (LocalDate?)new LocalDate(2026, 2, 8), VoucherStatus.Issued),
            (voucher.Id, voucher.RewardId, voucher.Product, voucher.Value, voucher.Points, voucher.SourceId, voucher.ValidFrom, voucher.ValidUntil, voucher.Status));
        Assert.Equal(0, redeemed.Account.BalanceAt(Local(2026, 1, 10)).Available);
        Assert.Equal(150, redeemed.Account.Totals.Redeemed);
        Assert.Equal(redeemed.Account.ToJson(), MemberAccount.FromJson(redeemed.Account.ToJson()).ToJson());
        Assert.Equal(redeemed.Account, MemberAccount.FromJson(redeemed.Account.ToJson()));
    }

    [Fact]
    public void HostVoucherId_IsTheVoucher_AndAVoucherIdIsGivenOnce()
    {
        var program = Cafe();
        var account = program.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 1, 5), 400m).Account;
        var first = program.Ledger.Process(account, new RewardRedemptionEvent("R1", "M1", Local(2026, 1, 10), "free-drink", "V-0001"), Member);
        var again = program.Ledger.Process(first.Account, new RewardRedemptionEvent("R2", "M1", Local(2026, 1, 10), "free-drink", "V-0001"), Member);

        Assert.Equal("V-0001", Assert.Single(first.Account.Vouchers).Id);
        Assert.Equal((LedgerStatus.Rejected, "voucher 'V-0001' is already in the account: a voucher id is given once."), (again.Status, again.Reason));
    }

    [Fact]
    public void LimitOfTwoPerMonth_ThirdRefused_NextMonthAllowed_ACancelledOneDoesNotCount()
    {
        var program = Cafe(Drink with { Limit = new RewardLimit(2, CalendarPeriod.Month) });
        var account = program.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 1, 5), 1000m).Account;

        account = RedeemReward(program, account, "R1", Local(2026, 1, 10)).Account;
        var second = RedeemReward(program, account, "R2", Local(2026, 1, 31, 23, 59));
        var third = RedeemReward(program, second.Account, "R3", Local(2026, 1, 31, 23, 59));
        var february = RedeemReward(program, second.Account, "R4", Local(2026, 2, 1, 0, 0));

        Assert.Equal(LedgerStatus.Applied, second.Status);
        Assert.Equal((LedgerStatus.Rejected, "limit reached: reward 'free-drink' can be redeemed 2 per month; 2 since 2026-01-01."), (third.Status, third.Reason));
        Assert.Equal(LedgerStatus.Applied, february.Status);

        var cancelled = program.Ledger.Process(second.Account, new RedemptionCancellationEvent("C2", "M1", Local(2026, 1, 31, 23, 59), "R2"), Member);
        Assert.Equal(LedgerStatus.Applied, RedeemReward(program, cancelled.Account, "R5", Local(2026, 1, 31, 23, 59)).Status);
    }

    [Fact]
    public void StockOfThree_RacedByFiveMembers_ThreeGranted_TwoRefused()
    {
        var program = Cafe(Drink with { Stocked = true });
        long left = 3;
        BudgetClaim Decide(BudgetClaim claim)
        {
            var decided = claim.Decide(left);
            left -= decided.Granted.Value;
            return decided;
        }

        var outcomes = new List<LedgerOutcome>();
        foreach (var member in new[] { "A", "B", "C", "D", "E" })
        {
            var account = program.Ledger.Process(MemberAccount.Open(member), new PurchaseEvent(new Transaction($"T-{member}", member, Local(2026, 1, 5), "USD", "store", [new TransactionLine("SKU", "coffee", 1m, 200m)])), new MemberContext(member)).Account;
            var waiting = RedeemReward(program, account, $"R-{member}", Local(2026, 1, 10));
            var claim = Assert.Single(waiting.Claims);
            Assert.Equal((LedgerStatus.AwaitingBudget, "free-drink", 1L, true), (waiting.Status, claim.OfferId, claim.Points.Value, claim.IsRewardStock));
            Assert.Same(account, waiting.Account); // nothing applied while the claim is pending
            outcomes.Add(program.Ledger.ProcessWithBudgets(account, new RewardRedemptionEvent($"R-{member}", member, Local(2026, 1, 10), "free-drink"), new MemberContext(member), Decide));
        }

        Assert.Equal([LedgerStatus.Applied, LedgerStatus.Applied, LedgerStatus.Applied, LedgerStatus.Rejected, LedgerStatus.Rejected], outcomes.Select(o => o.Status));
        Assert.Equal("reward 'free-drink' is out of stock.", outcomes[3].Reason);
        Assert.Equal(0, left);
        Assert.Equal(200, outcomes[4].Account.BalanceAt(Local(2026, 1, 10)).Available); // a refused one takes no points
    }

    [Fact]
    public void StockGrant_ForAnotherEvent_IsAnError()
    {
        var program = Cafe(Drink with { Stocked = true });
        var account = program.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 1, 5), 200m).Account;
        var claim = Assert.Single(RedeemReward(program, account, "R1", Local(2026, 1, 10)).Claims).Decide(5);

        var error = Assert.ThrowsAny<ArgumentException>(() => program.Ledger.Process(account, new RewardRedemptionEvent("R2", "M1", Local(2026, 1, 10), "free-drink"), Member, grants: [claim]));
        Assert.Equal("grants[0]: the claim is for event 'R1' of member 'M1', not 'R2' of 'M1'.", error.Message);
    }

    [Fact]
    public void VoucherUsedByAPurchase_TheDiscountedPartEarnsNothing_AndIsUsedOnce()
    {
        var fiveOff = new CatalogReward { Id = "five-off", Name = "5.00 off", Points = 500, Value = 5.00m, ValidForDays = 14 };
        var program = Cafe(fiveOff);
        var account = program.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 1, 5), 500m).Account;
        account = RedeemReward(program, account, "R1", Local(2026, 1, 10), "five-off").Account;

        var purchase = new Transaction("T2", "M1", Local(2026, 1, 12), "USD", "store", [new TransactionLine("SKU", "coffee", 1m, 20.00m)], orderDiscount: 5.00m);
        var bought = program.Ledger.Process(account, new PurchaseEvent(purchase), Member);
        var used = Use(program, bought.Account, "U1", Local(2026, 1, 12), "R1/voucher", "T2");

        Assert.Equal(15, bought.Accrual!.Total.Value); // 20.00 less the voucher's 5.00
        Assert.Equal(LedgerStatus.Applied, used.Status);
        var entry = Assert.Single(used.Entries);
        Assert.Equal((LedgerEntryKind.VoucherUsed, 0L, "voucher 'R1/voucher' (5.00 off) used by 'T2'"), (entry.Kind, entry.Points.Value, entry.Reason));
        var voucher = Assert.Single(used.Account.Vouchers);
        Assert.Equal((VoucherStatus.Used, "T2", (Instant?)Local(2026, 1, 12)), (voucher.Status, voucher.UsedBy, voucher.ClosedAt));
        Assert.Equal(LedgerStatus.Duplicate, Use(program, used.Account, "U1", Local(2026, 1, 12), "R1/voucher", "T2").Status);
        var twice = Use(program, used.Account, "U2", Local(2026, 1, 13), "R1/voucher", "T3");
        Assert.Equal((LedgerStatus.Rejected, $"voucher 'R1/voucher' was used already, by 'T2' at {Local(2026, 1, 12)}: a voucher is used once."), (twice.Status, twice.Reason));
        Assert.Equal("voucher 'NOPE' is not in the account (unknown, or forgotten after the retention window).", Use(program, used.Account, "U3", Local(2026, 1, 13), "NOPE", "T3").Reason);
    }

    [Fact]
    public void Cancellation_VoidsTheVoucher_AndRestoresTheSameLots_AUsedOneCannotBeCancelled()
    {
        var program = Cafe();
        var account = program.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 1, 5), 100m).Account;
        account = program.Buy(account, "T2", Local(2026, 1, 6), 100m).Account;
        var before = account.Lots;
        var redeemed = RedeemReward(program, account, "R1", Local(2026, 1, 10));

        var cancelled = program.Ledger.Process(redeemed.Account, new RedemptionCancellationEvent("C1", "M1", Local(2026, 1, 11), "R1"), Member);

        Assert.Equal(
            [(LedgerEntryKind.VoucherVoided, 0L, (string?)null), (LedgerEntryKind.RedemptionCancelled, 100L, "T1/accrual"), (LedgerEntryKind.RedemptionCancelled, 50L, "T2/accrual")],
            cancelled.Entries.Select(e => (e.Kind, e.Points.Value, e.LotId)));
        Assert.Equal(before.Select(l => (l.Id, l.Remaining, l.ExpiresAt)), cancelled.Account.Lots.Select(l => (l.Id, l.Remaining, l.ExpiresAt)));
        Assert.Equal((VoucherStatus.Voided, (Instant?)Local(2026, 1, 11)), (Assert.Single(cancelled.Account.Vouchers).Status, cancelled.Account.Vouchers[0].ClosedAt));
        Assert.Equal(0, cancelled.Account.Totals.Redeemed);
        Assert.Equal("voucher 'R1/voucher' was voided at " + Local(2026, 1, 11) + ": its redemption was cancelled.", Use(program, cancelled.Account, "U1", Local(2026, 1, 12), "R1/voucher", "T9").Reason);

        var used = Use(program, redeemed.Account, "U1", Local(2026, 1, 12), "R1/voucher", "T9").Account;
        var refused = program.Ledger.Process(used, new RedemptionCancellationEvent("C1", "M1", Local(2026, 1, 13), "R1"), Member);
        Assert.Equal((LedgerStatus.Rejected, $"redemption 'R1' issued voucher 'R1/voucher', used by 'T9' at {Local(2026, 1, 12)}: a used reward cannot be cancelled."), (refused.Status, refused.Reason));
    }

    [Fact]
    public void Voucher_ExpiresAtTheStartOfTheDayAfterValidUntil()
    {
        var program = Cafe(Drink with { ValidForDays = 58 }); // 10 January to 8 March, the day New York moves its clocks on
        var account = program.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 1, 5), 150m).Account;
        account = RedeemReward(program, account, "R1", Local(2026, 1, 10)).Account;
        Assert.Equal(new LocalDate(2026, 3, 8), account.Vouchers[0].ValidUntil);

        Assert.Empty(program.Ledger.Expire(account, Local(2026, 3, 8, 23, 59)).Entries);
        Assert.Equal(LedgerStatus.Applied, Use(program, account, "U1", Local(2026, 3, 8, 23, 59), "R1/voucher", "T2").Status);
        var expired = program.Ledger.Expire(account, Local(2026, 3, 9, 0, 0));
        var entry = Assert.Single(expired.Entries);
        Assert.Equal((LedgerEntryKind.VoucherExpired, "voucher 'R1/voucher' (A free drink) not used by 2026-03-08"), (entry.Kind, entry.Reason));
        Assert.Equal((VoucherStatus.Expired, (Instant?)Local(2026, 3, 9, 0, 0)), (expired.Account.Vouchers[0].Status, expired.Account.Vouchers[0].ClosedAt));
        Assert.Empty(program.Ledger.Expire(expired.Account, Local(2026, 3, 10)).Entries); // once
        Assert.Equal("voucher 'R1/voucher' was valid until 2026-03-08, not on 2026-03-09.", Use(program, account, "U1", Local(2026, 3, 9, 0, 0), "R1/voucher", "T2").Reason);
        Assert.Equal("voucher 'R1/voucher' expired: it was valid until 2026-03-08.", Use(program, expired.Account, "U1", Local(2026, 3, 9, 0, 0), "R1/voucher", "T2").Reason);
    }

    [Fact]
    public void AVoucherKeepsItsEventRemembered_PastTheRetentionWindow_SoARedeliveryIsADuplicate()
    {
        var program = Program(new LotPolicy { Expiry = ExpiryPolicy.FixedTerm(Period.FromDays(30)) })
            .WithSpendReward(new SpendReward { Name = "5 off", Step = 35m, RewardValue = 5m }) // no end: the voucher stays
            .Build();
        var purchase = new PurchaseEvent(Purchase("T1", Local(2026, 1, 5), 40m));
        var account = program.Ledger.Process(MemberAccount.Open("M1"), purchase, Member).Account;
        Assert.Equal("T1/voucher#1", Assert.Single(account.Vouchers).Id);

        account = program.Ledger.Expire(account, Local(2026, 6, 2)).Account; // 148 days on: T1's lot expired, past the 90-day retention
        Assert.Empty(account.Lots);
        var again = program.Ledger.Process(account, purchase, Member);

        Assert.Equal(LedgerStatus.Duplicate, again.Status);
        Assert.Same(account, again.Account);
    }

    [Fact]
    public void Reminders_At30And7Days_EachOnce_ForPointsAndVouchers()
    {
        var program = Cafe(Drink with { ValidForDays = 81 }); // 10 January to 31 March: expires at the start of 1 April
        var account = program.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 1, 5), 400m).Account; // expires at the start of 2027-01-06
        account = RedeemReward(program, account, "R1", Local(2026, 1, 10)).Account;

        var march = program.Ledger.RemindersDue(account, Local(2026, 3, 1, 0, 0), Local(2026, 3, 20, 0, 0));
        Assert.Equal(
            [("voucher:R1/voucher/30d", ReminderSubject.Voucher, 30, Local(2026, 3, 2, 0, 0), Local(2026, 4, 1, 0, 0))],
            march.Reminders.Select(r => (r.Id, r.Subject, r.DaysBefore, r.DueAt, r.ExpiresAt)));
        var rest = program.Ledger.RemindersDue(march.Account, Local(2026, 3, 1, 0, 0), Local(2026, 4, 1, 0, 0));
        Assert.Equal(["voucher:R1/voucher/7d"], rest.Reminders.Select(r => r.Id)); // the 30-day one was sent
        Assert.Equal(Local(2026, 3, 25, 0, 0), rest.Reminders[0].DueAt);
        Assert.Empty(program.Ledger.RemindersDue(rest.Account, Local(2026, 1, 1), Local(2026, 4, 1)).Reminders);
        Assert.Same(rest.Account, program.Ledger.RemindersDue(rest.Account, Local(2026, 1, 1), Local(2026, 4, 1)).Account);

        var december = program.Ledger.RemindersDue(rest.Account, Local(2026, 12, 1, 0, 0), Local(2027, 1, 1, 0, 0));
        Assert.Equal(
            [(ReminderSubject.Points, 30, Local(2026, 12, 7, 0, 0), 250L), (ReminderSubject.Points, 7, Local(2026, 12, 30, 0, 0), 250L)],
            december.Reminders.Select(r => (r.Subject, r.DaysBefore, r.DueAt, r.Points.Value)));
        Assert.Equal("points@2027-01-06T05:00:00Z/30d", december.Reminders[0].Id);
        Assert.Empty(program.Ledger.RemindersDue(december.Account, Local(2026, 12, 1, 0, 0), Local(2027, 1, 1, 0, 0)).Reminders);
        Assert.Equal(december.Account, MemberAccount.FromJson(december.Account.ToJson())); // the account remembers them as stored
    }

    [Fact]
    public void Eligibility_TiersSegmentsChannelsAndDates_EachRefusedWithItsReason()
    {
        var gold = Drink with { Tiers = ["gold"], Segments = ["staff", "vip"], Channels = ["app"], AvailableFrom = new LocalDate(2026, 1, 1), AvailableUntil = new LocalDate(2026, 1, 31) };
        var program = Program().WithTiers("silver", "gold").AddReward(gold).Build();
        var account = program.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 1, 5), 400m).Account;
        var vip = new MemberContext("M1", tierId: "gold", segments: ["vip"]);

        Assert.Equal(LedgerStatus.Applied, RedeemReward(program, account, "R1", Local(2026, 1, 10), member: vip, channel: "app").Status);
        Assert.Equal("reward 'free-drink' is for tiers gold; the member's tier is silver.", RedeemReward(program, account, "R1", Local(2026, 1, 10), member: new MemberContext("M1", tierId: "silver", segments: ["vip"]), channel: "app").Reason);
        Assert.Equal("reward 'free-drink' is for segments staff, vip; the member is in none of them.", RedeemReward(program, account, "R1", Local(2026, 1, 10), member: new MemberContext("M1", tierId: "gold"), channel: "app").Reason);
        Assert.Equal("reward 'free-drink' can be redeemed in app, not in store.", RedeemReward(program, account, "R1", Local(2026, 1, 10), member: vip, channel: "store").Reason);
        Assert.Equal("reward 'free-drink' can be redeemed in app, not in no named channel.", RedeemReward(program, account, "R1", Local(2026, 1, 10), member: vip).Reason);
        Assert.Equal("reward 'free-drink' could be redeemed until 2026-01-31, not on 2026-02-01.", RedeemReward(program, account, "R1", Local(2026, 2, 1, 0, 0), member: vip, channel: "app").Reason);
        Assert.Equal("reward 'latte' is not in the catalog of program 'ledger'.", RedeemReward(program, account, "R1", Local(2026, 1, 10), "latte", vip, "app").Reason);
    }

    [Fact]
    public void InvalidCatalog_IsRefusedWithThePathOfEachProblem()
    {
        var error = Assert.Throws<ProgramValidationException>(() => Program()
            .AddReward(Drink with { Points = 0, Value = 0m, Tiers = ["gold"], AvailableFrom = new LocalDate(2026, 2, 1), AvailableUntil = new LocalDate(2026, 1, 1), ValidForDays = 0, Limit = new RewardLimit(0, CalendarPeriod.Month) })
            .AddReward(Drink)
            .AddReward(Drink with { Id = "base" })
            .WithReminders(new ReminderPolicy { DaysBefore = [7, 7, 0] })
            .Build());

        Assert.Equal(
            [
                "reminders.daysBefore[1]: 7 is listed twice.",
                "reminders.daysBefore[2]: must be 1 to 36525, was 0.",
                "rewards[0].availableUntil: 2026-01-01 is before availableFrom 2026-02-01.",
                "rewards[0].limit.count: must be 1 or more, was 0.",
                "rewards[0].points: must be positive, was 0.",
                "rewards[0].tiers[0]: tier 'gold' is not declared: the program declares no tiers.",
                "rewards[0].validForDays: must be 1 to 36525 days, was 0.",
                "rewards[0].value: must be positive, was 0.",
                "rewards[1].id: reward 'free-drink' is in the catalog twice.",
                "rewards[2].id: 'base' is the id of a rule: a stock claim names the reward by its id, as a budget claim names its offer.",
            ],
            error.Problems.Select(p => $"{p.Path}: {p.Reason}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void SampleCafe_LoadsItsCatalog_AndRedeemsTheMugOnlyInTheAppInItsWindow()
    {
        var program = LoyaltyProgram.FromJson(System.IO.File.ReadAllText(System.IO.Path.Combine(AppContext.BaseDirectory, "programs", "cafe-rewards.json")));

        Assert.Equal(["free-drink", "free-pastry", "mug"], program.Rewards.Select(r => r.Id));
        Assert.Equal((9.99m, "mug", 24.00m), (program.Rewards[2].Price, program.Rewards[2].Product, program.Rewards[2].Value));
        Assert.Equal([30, 7], program.Reminders!.DaysBefore.ToArray());
        var account = program.Ledger.Process(MemberAccount.Open("M1"), new PurchaseEvent(new Transaction("T1", "M1", Local(2026, 11, 2), "USD", "app", [new TransactionLine("SKU", "coffee", 1m, 600m)])), Member).Account;
        Assert.Equal("reward 'mug' can be redeemed in app, not in store.", RedeemReward(program, account, "R1", Local(2026, 11, 3), "mug", channel: "store").Reason);
        Assert.Equal(100, RedeemReward(program, account, "R1", Local(2026, 11, 3), "mug", channel: "app").Account.BalanceAt(Local(2026, 11, 3)).Available);
    }

    [Fact]
    public void BadCatalogJson_NamesEachProblemByItsPath()
    {
        var error = Assert.Throws<ProgramDefinitionException>(() => LoyaltyProgram.FromJson("""
            { "schemaVersion": 1, "id": "x", "currency": "USD", "timeZone": "UTC",
              "rewards": [ { "id": "a", "name": "A", "value": 1, "limit": { "count": 2, "period": "fortnight" }, "colour": "red" }, 7 ],
              "reminders": { "daysBefore": [ 30, "soon" ] } }
            """));

        Assert.Equal(
            [
                "$.reminders.daysBefore[1]: must be a whole number of days, was the string \"soon\".",
                "$.rewards[0].colour: is not a property of a catalog reward.",
                "$.rewards[0].limit.period: 'fortnight' is not a calendarPeriod; use month, quarter, year, week, day.",
                "$.rewards[0].points: is required.",
                "$.rewards[1]: must be a catalog reward (a JSON object), was the number 7.",
            ],
            error.Problems.Select(p => p.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Lint_ARewardNobodyCanAffordOrReachAnyMore()
    {
        var program = Program(new LotPolicy { Expiry = ExpiryPolicy.FixedTerm(Period.FromMonths(3)) })
            .AddMemberPeriodCap("monthly-cap", 500, CalendarPeriod.Month)
            .AddReward(Drink with { Id = "dream", Points = 3000 })
            .AddReward(Drink with { Id = "stretch", Points = 2500 })
            .AddReward(Drink with { Id = "summer", AvailableUntil = new LocalDate(2026, 8, 31) })
            .Build();

        Assert.Equal(
            [
                "$.rewards[0].points: costs 3000 points, but a member holds at most 2500 at once ('monthly-cap' caps purchases at 500 a month and points live at most 93 days): nobody can afford it.",
                "$.rewards[2].availableUntil: its window ended on 2026-08-31: nobody can redeem it any more.",
            ],
            program.Lint(Local(2026, 9, 1)).Select(f => f.ToString()));
        Assert.DoesNotContain(program.Lint(Local(2026, 8, 31)), f => f.Path.StartsWith("$.rewards[2]", StringComparison.Ordinal));
        // Points that never expire, or come from elsewhere than capped purchases, leave the price unbounded: nothing to say.
        Assert.Empty(Program().AddMemberPeriodCap("monthly-cap", 500).AddReward(Drink with { Points = 1_000_000 }).Build().Lint(Local(2026, 9, 1)));
    }

    [Fact]
    public void TestKit_RewardBuilder_BuildsWhatItSays()
    {
        var built = new Loyalty.Rules.Testing.RewardBuilder("free-drink", 150).FreeProduct("drink", upTo: 4.50m).ForTiers("gold").ForSegments("vip").InChannels("app")
            .Available(new LocalDate(2026, 1, 1), null).Limit(2, CalendarPeriod.Month).Stocked().ValidFor(30).PlusMoney(1.00m).Build();

        Assert.Equal(
            Drink with { Name = "free-drink", Tiers = ["gold"], Segments = ["vip"], Channels = ["app"], AvailableFrom = new LocalDate(2026, 1, 1), Limit = new RewardLimit(2, CalendarPeriod.Month), Stocked = true, Price = 1.00m },
            built);
        Assert.Equal((5.00m, (string?)null), (new Loyalty.Rules.Testing.RewardBuilder("five-off", 500).Build().Value, new Loyalty.Rules.Testing.RewardBuilder("five-off", 500).FreeProduct("x", 1m).Worth(5.00m).Build().Product));
    }

    [Theory]
    [InlineData("\"id\":\"R1/voucher\",", "\"id\":\"R1/voucher\",\"status\":\"Used\",\"closedAt\":\"2026-01-12T17:00:00Z\",", "$.vouchers[0].usedBy: is required for a used voucher.")]
    [InlineData("\"id\":\"R1/voucher\",", "\"id\":\"R1/voucher\",\"status\":\"Used\",", "$.vouchers[0].closedAt: is required once a voucher is used.")]
    [InlineData("\"validUntil\":\"2026-02-08\"", "\"validUntil\":\"2026-01-08\"", "$.vouchers[0].validUntil: 2026-01-08 is before validFrom 2026-01-10.")]
    [InlineData("\"vouchers\":[", "\"vouchers\":[{\"id\":\"R1/voucher\",\"closedAt\":\"2026-01-12T17:00:00Z\",\"status\":\"Expired\"},", "$.vouchers[1].id: 'R1/voucher' is used by another voucher.")]
    public void TamperedVouchers_AreRefusedWithTheirPath(string find, string replace, string expected)
    {
        var program = Cafe();
        var account = program.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 1, 5), 400m).Account;
        string json = RedeemReward(program, account, "R1", Local(2026, 1, 10)).Account.ToJson();
        Assert.Contains(find, json, StringComparison.Ordinal);

        var error = Assert.Throws<System.Text.Json.JsonException>(() => MemberAccount.FromJson(json.Replace(find, replace, StringComparison.Ordinal)));
        Assert.Equal(expected, error.Message);
    }
}
