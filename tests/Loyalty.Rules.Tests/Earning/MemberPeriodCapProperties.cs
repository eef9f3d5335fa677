using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using static Loyalty.Rules.Tests.Ledger.LedgerTestData;

namespace Loyalty.Rules.Tests.Earning;

public class MemberPeriodCapProperties
{
    /// <summary>
    /// Purchases of a few weeks delivered in any order: each period earns exactly what it would without the cap, up to
    /// the cap (never more, and nothing lost below it), whatever the order of delivery.
    /// </summary>
    [Property(MaxTest = 10_000)]
    public Property EachPeriod_EarnsTheLesserOfTheCapAndItsUncappedPoints_InAnyOrder()
    {
        var cases =
            from max in Gen.Choose(0, 5_000)
            from period in Gen.Elements(CalendarPeriod.Day, CalendarPeriod.Week, CalendarPeriod.Month)
            from purchases in Gen.Choose(1, 20).SelectMany(n => Gen.Zip(Gen.Choose(0, 60 * 24), Gen.Choose(1, 3_000)).ArrayOf(n))
            from order in Gen.Shuffle(Enumerable.Range(0, purchases.Length).ToArray())
            select (max, period, purchases, order);
        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var program = Program().AddMemberPeriodCap("cap", new Points(c.max), c.period).Build();
            var start = Local(2026, 2, 20, 0);
            var at = c.purchases.Select(p => start.Plus(Duration.FromHours(p.Item1))).ToArray();
            var account = MemberAccount.Open("M1");
            var earned = new long[c.purchases.Length];
            foreach (int i in c.order)
            {
                var outcome = program.Buy(account, $"T{i}", at[i], c.purchases[i].Item2);
                earned[i] = outcome.Accrual!.Total.Value;
                account = outcome.Account;
            }

            var periods = Enumerable.Range(0, at.Length).GroupBy(i => PeriodOf(c.period, at[i].InZone(NewYork).Date));
            return periods.All(p => p.Sum(i => earned[i]) == System.Math.Min(c.max, p.Sum(i => (long)c.purchases[i].Item2)))
                && account.Totals.Accrued == earned.Sum();
        });
    }

    private static LocalDate PeriodOf(CalendarPeriod period, LocalDate d) => period switch
    {
        CalendarPeriod.Day => d,
        CalendarPeriod.Week => d.PlusDays(1 - (int)d.DayOfWeek),
        _ => new LocalDate(d.Year, d.Month, 1),
    };
}
