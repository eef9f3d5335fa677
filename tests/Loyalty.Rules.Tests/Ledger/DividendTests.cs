using Xunit;
using static Loyalty.Rules.Tests.Ledger.LedgerTestData;

namespace Loyalty.Rules.Tests.Ledger;

public class DividendTests
{
    private static readonly LoyaltyProgram Coop = LedgerTestData.Program()
        .WithDividend(new DividendPolicy { Period = CalendarPeriod.Year, Share = 0.10m })
        .Build();

    [Fact]
    public void AnnualDividend_PaysTenPercentOfTheYearsSpend_OnceAtTheYearsEnd()
    {
        var account = Coop.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 3, 10), 1000.00m).Account;
        account = Coop.Buy(account, "T2", Local(2026, 12, 31, 23, 59), 234.56m).Account;
        var purchase = Purchase("T3", Local(2026, 6, 1), 100.00m);
        account = Coop.Ledger.Process(account, new PurchaseEvent(purchase), Member).Account;
        account = Coop.Ledger.Process(account, new RefundEvent("R3", Local(2026, 6, 2), purchase, [new ReturnedLine(0, 1m)]), Member).Account;

        var early = Coop.Ledger.PayDividends(account, Local(2026, 12, 31, 23, 59));
        var paid = Coop.Ledger.PayDividends(account, Local(2027, 1, 1, 0, 0));
        var again = Coop.Ledger.PayDividends(paid.Account, Local(2027, 6, 1));

        Assert.Empty(early.Entries);
        var entry = Assert.Single(paid.Entries);
        Assert.Equal(12_345, entry.Points); // 10% of 1,234.56 = 123.456 USD = 12,345.6 points at 100 per 1.00, floored
        Assert.Equal("dividend: 0.1 of 1234.56 USD spent in the year from 2026-01-01", entry.Reason);
        Assert.Equal("dividend@2026-01-01#1", entry.Id);
        Assert.Empty(again.Entries);
        Assert.Equal(1000 + 234 + 12_345, paid.Account.BalanceAt(Local(2027, 1, 1)).Available);
        Assert.Equal(paid.Account, MemberAccount.FromJson(paid.Account.ToJson()));
    }

    [Fact]
    public void ALatePurchaseInAPaidYear_NoLongerCounts_AndTheNextYearStartsAfresh()
    {
        var account = Coop.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 3, 10), 100.00m).Account;
        account = Coop.Ledger.PayDividends(account, Local(2027, 1, 1, 0, 0)).Account;
        account = Coop.Buy(account, "T-LATE", Local(2026, 12, 30), 500.00m).Account;
        account = Coop.Buy(account, "T2", Local(2027, 2, 1), 50.00m).Account;

        var next = Coop.Ledger.PayDividends(account, Local(2028, 1, 1, 0, 0));

        Assert.Equal(500, Assert.Single(next.Entries).Points); // 10% of 50.00 = 5.00 = 500 points
        Assert.Contains("\"dividend\": {", Coop.ToJson(), System.StringComparison.Ordinal);
        Assert.Equal(Coop.ToJson(), LoyaltyProgram.FromJson(Coop.ToJson()).ToJson());
    }

    [Fact]
    public void AMoneyDividend_IsRoundedToCentsHalfToEven_AndIssuedAsAReward_NotPoints()
    {
        var coop = LedgerTestData.Program().WithDividend(new DividendPolicy { Share = 0.10m, PaidIn = DividendPayment.Money }).Build();
        var account = coop.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 3, 10), 1234.56m).Account;
        var small = coop.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 3, 10), 0.25m).Account;

        var paid = coop.Ledger.PayDividends(account, Local(2027, 1, 1, 0, 0));
        var half = coop.Ledger.PayDividends(small, Local(2027, 1, 1, 0, 0));

        var entry = Assert.Single(paid.Entries);
        Assert.Equal((LedgerEntryKind.RewardIssued, 0L), (entry.Kind, entry.Points.Value));
        Assert.Equal(new IssuedReward("dividend", new Money(123.46m, "USD")), entry.Reward); // 123.456 to the cent
        Assert.Equal(new Money(0.02m, "USD"), Assert.Single(half.Entries).Reward!.Value);    // 0.025: half to even
        Assert.Equal(account.Totals, paid.Account.Totals);                                   // no points moved
        Assert.Empty(coop.Ledger.PayDividends(paid.Account, Local(2027, 6, 1)).Entries);     // once per period
    }

    [Fact]
    public void ADividendForSomeTiers_PaysOnlyTheirMembers_AndTheTierIsTheOneAtThePeriodsEnd()
    {
        var club = LedgerTestData.Program().WithTiers("Basic", "Member")
            .WithDividend(new DividendPolicy { Share = 0.05m, Tiers = ["Member"] }).Build();
        var account = club.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 3, 10), 200m).Account;

        var member = club.Ledger.PayDividends(account, Local(2027, 1, 1, 0, 0), tierId: "Member");
        var basic = club.Ledger.PayDividends(account, Local(2027, 1, 1, 0, 0), tierId: "Basic");

        Assert.Equal(1_000, Assert.Single(member.Entries).Points); // 5% of 200.00 = 10.00 = 1,000 points
        Assert.Empty(basic.Entries);
        Assert.Empty(club.Ledger.PayDividends(basic.Account, Local(2027, 1, 2), tierId: "Member").Entries); // that period is over for good
    }

    [Fact]
    public void ADividendForAPaidTier_ReadsTheTierTheAccountKeeps_JustBeforeThePeriodEnds()
    {
        var ladder = new TierLadder { Tiers = [new TierDefinition { Id = "Basic" }, new TierDefinition { Id = "Member", Thresholds = new System.Collections.Generic.Dictionary<TierMetric, decimal> { [TierMetric.Spend] = 1_000_000m } }] };
        var club = LedgerTestData.Program().WithTierLadder(ladder)
            .WithDividend(new DividendPolicy { Share = 0.05m, Tiers = ["Member"] }).Build();
        var enrolled = new MemberContext("M1", enrolledOn: new NodaTime.LocalDate(2026, 1, 1));
        var bought = club.Ledger.Process(MemberAccount.Open("M1"), new PaidTierEvent("P1", "M1", Local(2026, 2, 1), "Member", Local(2027, 1, 1, 0, 0)), enrolled).Account;
        var paidMember = club.Ledger.Process(bought, new PurchaseEvent(Purchase("T1", Local(2026, 3, 10), 200m)), enrolled).Account;
        var basicMember = club.Ledger.Process(MemberAccount.Open("M1"), new PurchaseEvent(Purchase("T1", Local(2026, 3, 10), 200m)), enrolled).Account;

        var paid = club.Ledger.PayDividends(paidMember, Local(2027, 1, 1, 0, 0)); // the membership ends as the period does
        Assert.Equal(1_000, Assert.Single(paid.Entries).Points);
        Assert.Equal(new TierChange("Member", "Basic", TierChangeReason.PaidTierEnded), paid.TierChange);
        Assert.Empty(club.Ledger.PayDividends(basicMember, Local(2027, 1, 1, 0, 0)).Entries);
    }

    [Fact]
    public void TheDividendsOptions_RoundTripThroughJson_AndAnUndeclaredTierIsRefused()
    {
        var club = LedgerTestData.Program().WithTiers("Basic", "Member")
            .WithDividend(new DividendPolicy { Share = 0.05m, PaidIn = DividendPayment.Money, Tiers = ["Member"] }).Build();
        var json = club.ToJson();

        var dividend = System.Text.Json.Nodes.JsonNode.Parse(json)!["dividend"]!;
        Assert.Equal("""{"period":"year","share":0.05,"paidIn":"money","tiers":["Member"]}""", dividend.ToJsonString());
        Assert.Equal(json, LoyaltyProgram.FromJson(json).ToJson());
        var error = Assert.Throws<ProgramValidationException>(() => LedgerTestData.Program().WithDividend(new DividendPolicy { Share = 0.05m, Tiers = ["Gold"] }).Build());
        Assert.Equal("dividend.tiers[0]: tier 'Gold' is not declared.", Assert.Single(error.Problems).ToString());
    }
}
