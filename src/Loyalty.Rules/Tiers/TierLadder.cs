using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>What a tier threshold measures, over the qualification window.</summary>
public enum TierMetric
{
    /// <summary>Qualifying spend (eligible spend of purchases).</summary>
    Spend,

    /// <summary>Qualifying points: points earned in the window, never the spendable balance.</summary>
    Points,

    /// <summary>Number of purchases.</summary>
    Transactions,

    /// <summary>Nights (hotel programs).</summary>
    Nights,

    /// <summary>Qualified referrals.</summary>
    Referrals,

    /// <summary>Tier credits: the program's non-redeemable second currency.</summary>
    TierCredits,
}

/// <summary>Whether all thresholds of a tier must be met, or any one of them.</summary>
public enum TierQualification
{
    /// <summary>Every threshold.</summary>
    All,

    /// <summary>Any one threshold.</summary>
    Any,
}

/// <summary>The window over which qualifying activity counts, in the program's zone.</summary>
public enum TierWindow
{
    /// <summary>1 January to 31 December.</summary>
    CalendarYear,

    /// <summary>The membership anniversary year (enrolled on 29 February: 28 February in common years).</summary>
    MembershipYear,

    /// <summary>The 12 months up to the moment of the decision.</summary>
    Rolling12Months,
}

/// <summary>One tier of a ladder: its thresholds and its benefits.</summary>
public sealed record TierDefinition
{
    /// <summary>The tier id.</summary>
    public required string Id { get; init; }

    /// <summary>Thresholds per metric (inclusive); empty for the entry tier.</summary>
    public IReadOnlyDictionary<TierMetric, decimal> Thresholds { get; init; } = ImmutableDictionary<TierMetric, decimal>.Empty;

    /// <summary>Whether all thresholds or any one must be met. Default all.</summary>
    public TierQualification Qualification { get; init; } = TierQualification.All;

    /// <summary>The earn multiplier benefit, used by a <see cref="TierAccelerator"/> that names no factors. Default 1.</summary>
    public decimal EarnMultiplier { get; init; } = 1m;

    /// <summary>Named perks (free shipping, lounge access).</summary>
    public IReadOnlyList<string> Perks { get; init; } = [];

    /// <summary>Points of the birthday reward at this tier.</summary>
    public Points BirthdayReward { get; init; }

    /// <summary>A lifetime tier: once reached, the member never drops below it.</summary>
    public bool Lifetime { get; init; }
}

/// <summary>
/// A ladder of tiers, lowest first, with its qualification window and movement rules: upgrade as soon as a
/// threshold is met; downgrade only when a window ends (after the grace period, by at most one step if the
/// program says so); a tier earned stays valid until the end of the next window unless
/// <see cref="KeepUntilEndOfNextWindow"/> is false.
/// </summary>
public sealed record TierLadder
{
    /// <summary>The tiers, lowest first; the first is the entry tier (no thresholds).</summary>
    public required IReadOnlyList<TierDefinition> Tiers { get; init; }

    /// <summary>The qualification window. Default calendar year.</summary>
    public TierWindow Window { get; init; } = TierWindow.CalendarYear;

    /// <summary>
    /// A tier earned in a window stays valid through the next window. Default true (the airline habit). When false,
    /// a tier lasts only through the window it was earned in; each window starts from the floor (the entry tier,
    /// one step down with <see cref="DropAtMostOneTier"/>, or a lifetime tier). Rolling windows: a qualifying event
    /// holds its tier for 12 months, or only at that moment.
    /// </summary>
    public bool KeepUntilEndOfNextWindow { get; init; } = true;

    /// <summary>Days after a window ends before a downgrade takes effect, at most 365. Default 0.</summary>
    public int GraceDays { get; init; }

    /// <summary>The longest grace: a window's grace ends before the next window does.</summary>
    internal const int MaxGraceDays = 365;

    /// <summary>When a downgrade happens, drop at most one tier. Default false.</summary>
    public bool DropAtMostOneTier { get; init; }

    /// <summary>Tier credits awarded per point earned (e.g. 0.5), beside the points; 0 for none.</summary>
    public decimal TierCreditsPerPoint { get; init; }

    internal TierLadder Freeze() => this with
    {
        Tiers = (Tiers ?? []).Select(t => t is null ? null! : t with
        {
            Thresholds = (t.Thresholds ?? ImmutableDictionary<TierMetric, decimal>.Empty).ToImmutableDictionary(),
            Perks = (t.Perks ?? []).ToImmutableArray(),
        }).ToImmutableArray(),
    };

    internal void Validate(ProgramCheck check, string path)
    {
        if (Tiers is null || Tiers.Count == 0)
        {
            check.Fail(path + ".tiers", "a ladder needs at least one tier.");
            return;
        }

        var ids = new HashSet<string>(System.StringComparer.Ordinal);
        for (int i = 0; i < Tiers.Count; i++)
        {
            var tier = Tiers[i];
            var tierPath = $"{path}.tiers[{i}]";
            if (tier is null)
            {
                check.Fail(tierPath, "is null.");
                continue;
            }

            if (string.IsNullOrWhiteSpace(tier.Id) || !ids.Add(tier.Id))
            {
                check.Fail(tierPath + ".id", $"'{tier.Id}' must be a unique, non-empty tier id.");
            }

            if (i == 0 && tier.Thresholds.Count > 0)
            {
                check.Fail(tierPath + ".thresholds", "the entry tier (the first) has no thresholds.");
            }

            if (i > 0 && tier.Thresholds.Count == 0)
            {
                check.Fail(tierPath + ".thresholds", "every tier above the entry tier needs at least one threshold.");
            }

            foreach (var (metric, value) in tier.Thresholds)
            {
                check.NotNegative($"{tierPath}.thresholds.{ProgramJson.Name(metric)}", value);
                if (i > 0 && Tiers[i - 1] is { } lower && lower.Thresholds.TryGetValue(metric, out var below) && value < below)
                {
                    check.Fail($"{tierPath}.thresholds.{ProgramJson.Name(metric)}", FormattableString.Invariant($"{value} is below the tier under it ({below}): thresholds must not fall as tiers rise."));
                }
            }

            check.Factor(tierPath + ".earnMultiplier", tier.EarnMultiplier);
            check.Award(tierPath + ".birthdayReward", tier.BirthdayReward, zeroAllowed: true);
        }

        if (GraceDays < 0 || GraceDays > MaxGraceDays)
        {
            check.Fail(path + ".graceDays", $"must be from 0 to {MaxGraceDays} days (a grace ends before the next window does), was {GraceDays}.");
        }

        check.Rate(path + ".tierCreditsPerPoint", TierCreditsPerPoint);
    }

    /// <summary>The window that contains local date <paramref name="date"/>: [start, end) as local dates.</summary>
    internal (LocalDate Start, LocalDate End) WindowOf(LocalDate date, LocalDate enrolledOn)
    {
        switch (Window)
        {
            case TierWindow.MembershipYear:
                var annual = new AnnualDate(enrolledOn.Month, enrolledOn.Day);
                var start = annual.InYear(date.Year);
                if (start > date)
                {
                    start = annual.InYear(date.Year - 1);
                }

                return (start, annual.InYear(start.Year + 1));
            case TierWindow.Rolling12Months:
                return (date.PlusMonths(-12).PlusDays(1), date.PlusDays(1));
            default:
                return (new LocalDate(date.Year, 1, 1), new LocalDate(date.Year + 1, 1, 1));
        }
    }
}
