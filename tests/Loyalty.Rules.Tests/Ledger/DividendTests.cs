using System.Linq;
using NodaTime;
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
}
