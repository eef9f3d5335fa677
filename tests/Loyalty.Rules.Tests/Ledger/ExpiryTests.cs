using System.Linq;
using NodaTime;
using Xunit;
using static Loyalty.Rules.Tests.Ledger.LedgerTestData;

namespace Loyalty.Rules.Tests.Ledger;

public class ExpiryTests
{
    [Fact]
    public void FixedTerm_OneMonthFrom31January_IsUsableThrough28February()
    {
        var program = Program(new LotPolicy { Expiry = ExpiryPolicy.FixedTerm(Period.FromMonths(1)) }).Build();
        var lot = program.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 1, 31), 10m).Account.Lots.Single();
        Assert.Equal(Local(2026, 3, 1, 0, 0), lot.ExpiresAt);
    }

    [Fact]
    public void FixedTerm_OneYearFrom29February_EndsOn28February()
    {
        var program = Program(new LotPolicy { Expiry = ExpiryPolicy.FixedTerm(Period.FromYears(1)) }).Build();
        var lot = program.Buy(MemberAccount.Open("M1"), "T1", Local(2024, 2, 29), 10m).Account.Lots.Single();
        Assert.Equal(Local(2025, 3, 1, 0, 0), lot.ExpiresAt);
    }

    [Theory]
    [InlineData(CalendarPeriod.Year, 1, 2026, 6, 15, 2028, 1, 1)] // 31 December of the next year
    [InlineData(CalendarPeriod.Month, 0, 2026, 2, 10, 2026, 3, 1)] // end of the month
    [InlineData(CalendarPeriod.Quarter, 0, 2026, 5, 20, 2026, 7, 1)] // end of the quarter
    [InlineData(CalendarPeriod.Quarter, 1, 2026, 12, 31, 2027, 4, 1)]
    public void EndOfPeriod_ExpiresAtTheStartOfTheFollowingPeriod(CalendarPeriod period, int after, int y, int m, int d, int ey, int em, int ed)
    {
        var program = Program(new LotPolicy { Expiry = ExpiryPolicy.EndOfPeriod(period, after) }).Build();
        var lot = program.Buy(MemberAccount.Open("M1"), "T1", Local(y, m, d), 10m).Account.Lots.Single();
        Assert.Equal(Local(ey, em, ed, 0, 0), lot.ExpiresAt);
    }

    [Fact]
    public void FixedTerm_EndingOnSantiagoDaylightSavingDay_ExpiresAtThatDaysFirstInstant()
    {
        // 2026-09-06 starts at 01:00 in Santiago (midnight does not exist): 04:00 UTC.
        var santiago = DateTimeZoneProviders.Tzdb["America/Santiago"];
        var program = Program(new LotPolicy { Expiry = ExpiryPolicy.FixedTerm(Period.FromDays(1)) }, santiago).Build();
        var lot = program.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 9, 4, zone: santiago), 10m).Account.Lots.Single();
        Assert.Equal(Instant.FromUtc(2026, 9, 6, 4, 0), lot.ExpiresAt);
    }

    [Fact]
    public void Expire_TakesExactlyWhatIsDue()
    {
        var program = Program(new LotPolicy { Expiry = ExpiryPolicy.FixedTerm(Period.FromMonths(12)) }).Build();
        var account = program.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 1, 10), 10m).Account;
        account = program.Buy(account, "T2", Local(2026, 1, 11), 20m).Account;
        var due = Local(2027, 1, 11, 0, 0); // T1's lot: usable through 2027-01-10

        var before = program.Ledger.Expire(account, due - Duration.Epsilon);
        Assert.Empty(before.Entries);

        var at = program.Ledger.Expire(account, due);
        Assert.Equal([("T1/accrual", 10L)], at.Entries.Select(e => (e.LotId!, e.Points)));
        Assert.Equal(20, at.Account.BalanceAt(due).Available);
        Assert.Equal(10, at.Account.Totals.Expired);
    }

    [Fact]
    public void Inactivity_ExpiresEverythingAfterThePeriod_AndActivityResetsTheClock()
    {
        var program = Program(new LotPolicy { Expiry = ExpiryPolicy.EarliestOf(ExpiryPolicy.Never, ExpiryPolicy.Inactivity(Period.FromMonths(6))) }).Build();
        var account = program.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 1, 10), 10m).Account;
        account = program.Buy(account, "T2", Local(2026, 3, 10), 20m).Account;

        Assert.Empty(program.Ledger.Expire(account, Local(2026, 9, 10, 23, 59)).Entries);
        var expired = program.Ledger.Expire(account, Local(2026, 9, 11, 0, 0));
        Assert.Equal(30, expired.Account.Totals.Expired);
        Assert.Empty(expired.Account.Lots);
    }

    [Fact]
    public void ExpiringBy_SaysHowManyAndWhen()
    {
        var program = Program(new LotPolicy { Expiry = ExpiryPolicy.EndOfPeriod(CalendarPeriod.Month, 0) }).Build();
        var account = program.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 1, 10), 10m).Account;
        account = program.Buy(account, "T2", Local(2026, 1, 20), 5m).Account;
        account = program.Buy(account, "T3", Local(2026, 2, 3), 7m).Account;

        Assert.Equal([new ExpiringPoints(Local(2026, 2, 1, 0, 0), 15)], program.Ledger.ExpiringBy(account, Local(2026, 2, 15)));
        Assert.Equal(2, program.Ledger.ExpiringBy(account, Local(2026, 3, 1, 0, 0)).Count);
    }

    [Fact]
    public void PendingPeriod_CountsLocalDays_ThenTheLotBecomesAvailable()
    {
        var program = Program(new LotPolicy { PendingDays = 14 }).Build();
        var earned = program.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 3, 1, 20, 0), 10m);
        Assert.Equal(new AccountBalance(0, 10), earned.Account.BalanceAt(Local(2026, 3, 15, 23, 59)));
        Assert.Equal(new AccountBalance(10, 0), earned.Account.BalanceAt(Local(2026, 3, 16, 0, 0)));

        var later = program.Buy(earned.Account, "T2", Local(2026, 3, 20), 1m);
        Assert.Contains(later.Entries, e => e.Kind == LedgerEntryKind.BecameAvailable && e.LotId == "T1/accrual" && e.Points == 10);
    }
}
