using System.Globalization;

namespace Loyalty.Rules;

/// <summary>
/// A period-end dividend (a co-op's annual 10%): at the end of each local calendar period the member is paid
/// <see cref="Share"/> of the eligible spend counted in it (purchases less refunds), in points at the redemption rate
/// (<see cref="RedemptionPolicy.PointsPerCurrencyUnit"/>) or in money (<see cref="PaidIn"/>); once per member per period
/// (<see cref="LedgerProcessor.PayDividends"/>). Purchases or refunds processed after their period was paid no longer
/// change it.
/// </summary>
public sealed record DividendPolicy
{
    /// <summary>The period. Default a calendar year.</summary>
    public CalendarPeriod Period { get; init; } = CalendarPeriod.Year;

    /// <summary>The share of spend paid back (0.10 for 10%); above 0, at most 1.</summary>
    public required decimal Share { get; init; }

    /// <summary>
    /// How it is paid: <see cref="DividendPayment.Points"/> (default) at the redemption rate, rounded as the program
    /// rounds; or <see cref="DividendPayment.Money"/>, rounded to cents half to even, as a reward entry
    /// (<see cref="LedgerEntry.Reward"/>) the host pays out.
    /// </summary>
    public DividendPayment PaidIn { get; init; } = DividendPayment.Points;

    /// <summary>
    /// The tiers whose members are paid (a paid membership's dividend goes to members only); empty for every member.
    /// The host gives the member's tier at the period's end to <see cref="LedgerProcessor.PayDividends"/>; a member
    /// outside these tiers then gets nothing for that period.
    /// </summary>
    public System.Collections.Immutable.ImmutableArray<string> Tiers { get; init; } = [];

    internal bool Pays(string? tierId) => Tiers.IsDefaultOrEmpty || (tierId is not null && Tiers.Contains(tierId));

    internal void Validate(ProgramCheck check, string path)
    {
        if (!System.Enum.IsDefined(PaidIn))
        {
            check.Fail(path + ".paidIn", $"'{PaidIn}' is not a way to pay a dividend.");
        }

        for (int i = 0; i < (Tiers.IsDefault ? 0 : Tiers.Length); i++)
        {
            if (!check.Tiers.Contains(Tiers[i]))
            {
                check.Fail($"{path}.tiers[{i}]", $"tier '{Tiers[i]}' is not declared.");
            }
        }

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

/// <summary>How a dividend is paid.</summary>
public enum DividendPayment
{
    /// <summary>In points, at the redemption rate.</summary>
    Points,

    /// <summary>In money, rounded to cents (half to even): a reward entry the host pays out.</summary>
    Money,
}

/// <summary>Eligible spend counted toward the dividend of one period.</summary>
/// <param name="PeriodStart">The first local date of the period.</param>
/// <param name="Spend">The spend counted so far.</param>
internal sealed record DividendSpend(NodaTime.LocalDate PeriodStart, decimal Spend);
