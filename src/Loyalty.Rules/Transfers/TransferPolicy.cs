using System;
using System.Globalization;

namespace Loyalty.Rules;

/// <summary>What expiry transferred points have in the receiving account.</summary>
public enum TransferExpiry
{
    /// <summary>The expiry they had in the giving account (each lot's own): a transfer never extends a point's life.</summary>
    Keep,

    /// <summary>A new expiry, as the program's lot policy gives points earned on the day of the transfer.</summary>
    Renew,
}

/// <summary>
/// Whether and how members give each other points (<see cref="TransferOutEvent"/>, <see cref="TransferInEvent"/>):
/// a minimum, a maximum per local calendar period, a fee in points the giver pays on top, only within a household,
/// and the expiry the points keep. Only available points move (never pending or held ones), soonest-expiring first.
/// A program without one allows no transfers.
/// </summary>
public sealed record TransferPolicy
{
    /// <summary>The fewest points one transfer may give. Default 1.</summary>
    public Points Minimum { get; init; } = 1;

    /// <summary>The most points a member may give in one <see cref="Period"/> (fees not counted), or null for no limit.</summary>
    public Points? MaximumPerPeriod { get; init; }

    /// <summary>The local calendar period <see cref="MaximumPerPeriod"/> counts in. Default a month.</summary>
    public CalendarPeriod Period { get; init; } = CalendarPeriod.Month;

    /// <summary>
    /// The fee, as a share of the points given (0.10 for 10%), taken from the giver on top of them and rounded up to a
    /// whole point (giving 500 at 10% costs the giver 550; giving 5 at 10% costs 6); 0 (the default) for none; below 1.
    /// </summary>
    public decimal FeeRate { get; init; }

    /// <summary>Whether points may move only between members of one household (both accounts say so). Default false.</summary>
    public bool HouseholdOnly { get; init; }

    /// <summary>The expiry the points have in the receiving account. Default <see cref="TransferExpiry.Keep"/>.</summary>
    public TransferExpiry Expiry { get; init; } = TransferExpiry.Keep;

    /// <summary>The fee for giving <paramref name="points"/>: the rate's share, rounded up.</summary>
    internal long FeeOf(long points) => FeeRate == 0m ? 0 : decimal.ToInt64(decimal.Ceiling(points * FeeRate));

    internal void Validate(ProgramCheck check, string path)
    {
        check.Positive(path + ".minimum", Minimum);
        if (MaximumPerPeriod is { } max)
        {
            check.Positive(path + ".maximumPerPeriod", max);
            if (max > 0 && max < Minimum)
            {
                check.Fail(path + ".maximumPerPeriod", FormattableString.Invariant($"must be at least the minimum {Minimum}, was {max}."));
            }
        }

        if (!Enum.IsDefined(Period))
        {
            check.Fail(path + ".period", $"'{Period}' is not a calendar period.");
        }

        if (FeeRate < 0m || FeeRate >= 1m)
        {
            check.Fail(path + ".feeRate", string.Create(CultureInfo.InvariantCulture, $"must be at least 0 and below 1, was {FeeRate}."));
        }

        if (!Enum.IsDefined(Expiry))
        {
            check.Fail(path + ".expiry", $"'{Expiry}' is not a transfer expiry.");
        }
    }
}
