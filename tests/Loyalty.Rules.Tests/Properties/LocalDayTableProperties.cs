using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Loyalty.Rules.Accrual;
using NodaTime;

namespace Loyalty.Rules.Tests.Properties;

/// <summary>The evaluator's table of local dates agrees with NodaTime in every zone, on both sides of each offset change.</summary>
public class LocalDayTableProperties
{
    private static readonly string[] Zones =
        ["America/New_York", "America/Santiago", "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Chatham", "Europe/London", "Africa/Casablanca", "UTC"];

    private static readonly LocalDayTable[] Tables = System.Array.ConvertAll(Zones, z => new LocalDayTable(DateTimeZoneProviders.Tzdb[z]));

    [Property(MaxTest = 20_000)]
    public Property DayNumber_IsNodaTimesLocalDate()
    {
        var cases =
            from zone in Gen.Choose(0, Zones.Length - 1)
            from seconds in Gen.Choose(-400_000_000, 2_000_000_000).Select(s => (long)s * 2)
            select (zone, Instant.FromUnixTimeSeconds(seconds));
        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var (zone, instant) = c;
            int expected = instant.InZone(DateTimeZoneProviders.Tzdb[Zones[zone]]).Date.ToDateOnly().DayNumber;
            return (Tables[zone].DayNumber(instant) == expected).Label($"{Zones[zone]} {instant}");
        });
    }

    [Property(MaxTest = 5_000)]
    public Property DayNumber_IsRightAroundEveryOffsetChange()
    {
        var cases =
            from zone in Gen.Choose(0, Zones.Length - 1)
            from year in Gen.Choose(1970, 2099)
            from shift in Gen.Choose(-3, 3)
            select (zone, year, shift);
        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var tz = DateTimeZoneProviders.Tzdb[Zones[c.zone]];
            var ok = true;
            foreach (var interval in tz.GetZoneIntervals(Instant.FromUtc(c.year, 1, 1, 0, 0), Instant.FromUtc(c.year + 1, 1, 1, 0, 0)))
            {
                if (interval.HasStart)
                {
                    var at = interval.Start.Plus(Duration.FromSeconds(c.shift));
                    ok &= Tables[c.zone].DayNumber(at) == at.InZone(tz).Date.ToDateOnly().DayNumber;
                }
            }

            return ok.Label($"{Zones[c.zone]} {c.year} shift {c.shift}s");
        });
    }
}
