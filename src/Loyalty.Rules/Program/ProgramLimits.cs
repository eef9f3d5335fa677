using NodaTime;

namespace Loyalty.Rules;

/// <summary>
/// The largest values a program may hold, checked when it is built (from the builder or from JSON): with them, any
/// purchase a till can ring up evaluates in 64-bit points without overflow, and every date the program computes
/// stays in NodaTime's range. Far above any real program (10,000 points per currency unit, a factor of 100).
/// </summary>
internal static class ProgramLimits
{
    /// <summary>The largest rate: points (or tier credits) per currency unit.</summary>
    public const decimal MaxRate = 10_000m;

    /// <summary>The largest factor that scales points.</summary>
    public const decimal MaxFactor = 100m;

    /// <summary>The largest percentage bonus.</summary>
    public const decimal MaxPercent = 10_000m;

    /// <summary>The most points one rule awards at once.</summary>
    public const long MaxAward = 1_000_000_000;

    /// <summary>The longest period or window, in days (100 years).</summary>
    public const int MaxDays = 36_525;

    /// <summary>Whether a period is longer than <see cref="MaxDays"/> (counting a year as 366 days and a month as 31).</summary>
    public static bool TooLong(Period period)
    {
        decimal days = (period.Years * 366m) + (period.Months * 31m) + (period.Weeks * 7m) + period.Days
            + (period.Hours / 24m) + (period.Minutes / 1_440m) + (period.Seconds / 86_400m) + (period.Milliseconds / 86_400_000m);
        return days > MaxDays;
    }

    /// <summary>Whether a duration is longer than <see cref="MaxDays"/>.</summary>
    public static bool TooLong(Duration duration) => duration > Duration.FromDays(MaxDays);
}
