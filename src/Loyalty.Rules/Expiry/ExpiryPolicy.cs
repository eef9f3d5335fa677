using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>Calendar periods for <see cref="ExpiryPolicy.EndOfPeriod"/>.</summary>
public enum CalendarPeriod
{
    /// <summary>A calendar month.</summary>
    Month,

    /// <summary>A calendar quarter (January-March, ...).</summary>
    Quarter,

    /// <summary>A calendar year.</summary>
    Year,

    /// <summary>An ISO week, Monday to Sunday.</summary>
    Week,

    /// <summary>A local day.</summary>
    Day,
}

/// <summary>
/// When a lot's points expire, in the program's zone. A lot earned on local date D expires at the start of a
/// local date, so it is usable through the whole day before; a lot is due when its expiry is at or before the
/// instant asked about. Compose with <see cref="EarliestOf"/>. Inactivity applies to the whole account.
/// </summary>
public abstract record ExpiryPolicy
{
    private protected ExpiryPolicy()
    {
    }

    /// <summary>Points never expire.</summary>
    public static ExpiryPolicy Never { get; } = new NeverExpires();

    /// <summary>A lot earned on D expires at the start of D + <paramref name="term"/> + 1 day (usable through D + term).</summary>
    /// <param name="term">The term, e.g. 12 months; NodaTime arithmetic (31 Jan + 1 month = 28/29 Feb).</param>
    /// <returns>The policy.</returns>
    public static ExpiryPolicy FixedTerm(Period term) => new FixedTermExpiry(term);

    /// <summary>
    /// A lot expires at the end of the calendar period that is <paramref name="periodsAfter"/> periods after the one
    /// it was earned in: (Year, 1) is 31 December of the next year; (Month, 0) is the end of the month.
    /// </summary>
    /// <param name="period">Month, quarter or year.</param>
    /// <param name="periodsAfter">0 for the period of earning, 1 for the next, ...</param>
    /// <returns>The policy.</returns>
    public static ExpiryPolicy EndOfPeriod(CalendarPeriod period, int periodsAfter) => new EndOfPeriodExpiry(period, periodsAfter);

    /// <summary>Every point expires after <paramref name="inactivity"/> without earning or redeeming (activity resets the clock).</summary>
    /// <param name="inactivity">The inactive time, e.g. 18 months.</param>
    /// <returns>The policy.</returns>
    public static ExpiryPolicy Inactivity(Period inactivity) => new AfterInactivity(inactivity);

    /// <summary>The earliest expiry of several policies.</summary>
    /// <param name="policies">The policies.</param>
    /// <returns>The policy.</returns>
    public static ExpiryPolicy EarliestOf(params ExpiryPolicy[] policies) => new EarliestExpiry([.. policies]);

    /// <summary>The instant a lot earned on <paramref name="earnedOn"/> expires, or null for never.</summary>
    internal abstract Instant? LotExpiry(LocalDate earnedOn, DateTimeZone zone);

    /// <summary>The instant the whole account expires after its last activity on <paramref name="lastActive"/>, or null.</summary>
    internal virtual Instant? InactivityExpiry(LocalDate lastActive, DateTimeZone zone) => null;

    internal abstract void Validate(ProgramCheck check, string path);

    /// <summary>
    /// The instant <paramref name="date"/> starts in <paramref name="zone"/> (the first valid instant of the day), from a
    /// small memo shared by every program: each event asks for a handful of the same days, and the zone's mapping of a
    /// local time allocates.
    /// </summary>
    internal static Instant StartOf(LocalDate date, DateTimeZone zone)
    {
        ref var slot = ref DayStarts[HashCode.Combine(date, RuntimeHelpers.GetHashCode(zone)) & (DayStarts.Length - 1)]; // mixed: a date's own hash keeps the year in its high bits
        var known = Volatile.Read(ref slot); // entries are immutable: a slot holds one whole answer or another
        if (known is not null && known.Date == date && ReferenceEquals(known.Zone, zone))
        {
            return known.Start;
        }

        var start = date.AtStartOfDayInZone(zone).ToInstant();
        Volatile.Write(ref slot, new DayStart(zone, date, start));
        return start;
    }

    private static readonly DayStart?[] DayStarts = new DayStart?[8192]; // a year of days for each of a few windows (today, the retention and refund windows, expiry dates): 64 KB

    private sealed record DayStart(DateTimeZone Zone, LocalDate Date, Instant Start);

    /// <summary>The first local date of the calendar period <paramref name="date"/> falls in, moved <paramref name="periodsLater"/> periods on.</summary>
    internal static LocalDate PeriodStart(CalendarPeriod period, LocalDate date, int periodsLater = 0) => period switch
    {
        CalendarPeriod.Month => new LocalDate(date.Year, date.Month, 1).PlusMonths(periodsLater),
        CalendarPeriod.Quarter => new LocalDate(date.Year, ((date.Month - 1) / 3 * 3) + 1, 1).PlusMonths(3 * periodsLater),
        CalendarPeriod.Week => date.With(DateAdjusters.PreviousOrSame(IsoDayOfWeek.Monday)).PlusWeeks(periodsLater),
        CalendarPeriod.Day => date.PlusDays(periodsLater),
        _ => new LocalDate(date.Year, 1, 1).PlusYears(periodsLater),
    };

    /// <summary>The instants the local calendar period around <paramref name="date"/> starts and ends.</summary>
    internal static (Instant Start, Instant End) PeriodAround(CalendarPeriod period, LocalDate date, DateTimeZone zone)
        => (StartOf(PeriodStart(period, date), zone), StartOf(PeriodStart(period, date, 1), zone));

    internal sealed record NeverExpires : ExpiryPolicy
    {
        internal override Instant? LotExpiry(LocalDate earnedOn, DateTimeZone zone) => null;

        internal override void Validate(ProgramCheck check, string path)
        {
        }

        public override string ToString() => "never";
    }

    internal sealed record FixedTermExpiry(Period Term) : ExpiryPolicy
    {
        internal override Instant? LotExpiry(LocalDate earnedOn, DateTimeZone zone) => StartOf(earnedOn.Plus(Term).PlusDays(1), zone);

        internal override void Validate(ProgramCheck check, string path) => CheckPositive(check, path + ".term", Term);

        public override string ToString() => $"fixed term {Term}";
    }

    internal sealed record EndOfPeriodExpiry(CalendarPeriod Period, int PeriodsAfter) : ExpiryPolicy
    {
        internal override Instant? LotExpiry(LocalDate earnedOn, DateTimeZone zone)
        {
            return StartOf(PeriodStart(Period, earnedOn, PeriodsAfter + 1), zone);
        }

        internal override void Validate(ProgramCheck check, string path)
        {
            if (!System.Enum.IsDefined(Period))
            {
                check.Fail(path + ".period", $"'{Period}' is not a calendar period.");
            }

            if (PeriodsAfter < 0)
            {
                check.Fail(path + ".periodsAfter", $"must not be negative, was {PeriodsAfter}.");
            }
        }

        public override string ToString() => $"end of {Period} +{PeriodsAfter}";
    }

    internal sealed record AfterInactivity(Period Inactive) : ExpiryPolicy
    {
        internal override Instant? LotExpiry(LocalDate earnedOn, DateTimeZone zone) => null;

        internal override Instant? InactivityExpiry(LocalDate lastActive, DateTimeZone zone) => StartOf(lastActive.Plus(Inactive).PlusDays(1), zone);

        internal override void Validate(ProgramCheck check, string path) => CheckPositive(check, path + ".inactivity", Inactive);

        public override string ToString() => $"after {Inactive} inactive";
    }

    internal sealed record EarliestExpiry(ImmutableArray<ExpiryPolicy> Policies) : ExpiryPolicy
    {
        internal override Instant? LotExpiry(LocalDate earnedOn, DateTimeZone zone) => Earliest(Policies.Select(p => p.LotExpiry(earnedOn, zone)));

        internal override Instant? InactivityExpiry(LocalDate lastActive, DateTimeZone zone) => Earliest(Policies.Select(p => p.InactivityExpiry(lastActive, zone)));

        internal override void Validate(ProgramCheck check, string path)
        {
            if (Policies.IsDefaultOrEmpty)
            {
                check.Fail(path, "earliest-of needs at least one policy.");
                return;
            }

            for (int i = 0; i < Policies.Length; i++)
            {
                if (Policies[i] is null)
                {
                    check.Fail($"{path}.policies[{i}]", "is null.");
                }
                else
                {
                    Policies[i].Validate(check, $"{path}.policies[{i}]");
                }
            }
        }

        public bool Equals(EarliestExpiry? other) => other is not null && Policies.SequenceEqual(other.Policies);

        public override int GetHashCode() => Policies.Length;

        public override string ToString() => $"earliest of ({string.Join(", ", Policies)})";

        private static Instant? Earliest(IEnumerable<Instant?> instants)
        {
            Instant? earliest = null;
            foreach (var instant in instants)
            {
                if (instant is { } value && (earliest is null || value < earliest))
                {
                    earliest = value;
                }
            }

            return earliest;
        }
    }

    /// <summary>Expiry counts local dates: a period of whole years, months, weeks and days, all positive or zero, not all zero.</summary>
    internal static void CheckPositive(ProgramCheck check, string path, Period? period)
    {
        if (period is null || !period.HasDateComponent || period.HasTimeComponent
            || period.Years < 0 || period.Months < 0 || period.Weeks < 0 || period.Days < 0)
        {
            check.Fail(path, $"must be a positive period of years, months, weeks or days, was {period?.ToString() ?? "null"}.");
        }
        else if (ProgramLimits.TooLong(period))
        {
            check.Fail(path, $"must be at most {ProgramLimits.MaxDays} days (100 years), was {period}.");
        }
    }
}
