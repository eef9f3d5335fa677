using System.Globalization;

namespace Loyalty.Rules;

/// <summary>
/// A period-end dividend (a co-op's annual 10%): at the end of each local calendar period the member is paid points
/// worth <see cref="Share"/> of the eligible spend counted in it (purchases less refunds), at the redemption rate
/// (<see cref="RedemptionPolicy.PointsPerCurrencyUnit"/>), rounded as the program rounds; once per member per period
/// (<see cref="LedgerProcessor.PayDividends"/>). Purchases or refunds processed after their period was paid no longer
/// change it.
/// </summary>
public sealed record DividendPolicy
{
    /// <summary>The period. Default a calendar year.</summary>
    public CalendarPeriod Period { get; init; } = CalendarPeriod.Year;

    /// <summary>The share of spend paid back (0.10 for 10%); above 0, at most 1.</summary>
    public required decimal Share { get; init; }

    internal void Validate(ProgramCheck check, string path)
    {
        if (!System.Enum.IsDefined(Period))
        {
            check.Fail(path + ".period", $"'{Period}' is not a calendar period.");
        }

        if (Share <= 0m || Share > 1m)
        {
            check.Fail(path + ".share", string.Create(CultureInfo.InvariantCulture, $"must be above 0 and at most 1, was {Share}."));
        }
    }
}

/// <summary>Eligible spend counted toward the dividend of one period.</summary>
/// <param name="PeriodStart">The first local date of the period.</param>
/// <param name="Spend">The spend counted so far.</param>
internal sealed record DividendSpend(NodaTime.LocalDate PeriodStart, decimal Spend);
