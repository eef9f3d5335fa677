using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;

namespace Loyalty.Rules.Testing;

/// <content>The points a member earned already under per-member period caps.</content>
public static partial class LoyaltyGenerators
{
    /// <summary>
    /// What a member earned already under the program's per-member period caps: for some caps, points in the period of
    /// <paramref name="at"/>; sometimes the account has forgotten that period. Null when the program has no such cap.
    /// </summary>
    /// <param name="program">The program.</param>
    /// <param name="at">The instant of the event the tallies are read for.</param>
    /// <returns>The generator.</returns>
    public static Gen<PeriodTallies?> PeriodTallies(LoyaltyProgram program, Instant at)
    {
        ArgumentNullException.ThrowIfNull(program);
        var caps = program.Earn.OfType<MemberPeriodCap>().ToArray();
        if (caps.Length == 0)
        {
            return Gen.Constant<PeriodTallies?>(null);
        }

        var date = at.InZone(program.TimeZone).Date;
        return from points in Gen.Choose(0, 4_000).ArrayOf(caps.Length)
               from forgotten in Gen.Frequency((9, Gen.Constant(false)), (1, Gen.Constant(true)))
               select (PeriodTallies?)new PeriodTallies
               {
                   Periods = [.. caps.Select((c, i) => new PeriodTally(c.Id, PeriodStart(c.Period, date), points[i])).Where(t => t.Points > 0)],
                   ForgottenThrough = forgotten ? date.PlusDays(400) : date.PlusDays(-400),
               };
    }

    private static LocalDate PeriodStart(CalendarPeriod period, LocalDate date) => period switch
    {
        CalendarPeriod.Day => date,
        CalendarPeriod.Week => date.PlusDays(1 - (int)date.DayOfWeek),
        CalendarPeriod.Month => new LocalDate(date.Year, date.Month, 1),
        CalendarPeriod.Quarter => new LocalDate(date.Year, ((date.Month - 1) / 3 * 3) + 1, 1),
        _ => new LocalDate(date.Year, 1, 1),
    };
}
