using System.Collections.Immutable;
using System.Linq;
using System.Text.Json.Serialization;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>Qualifying activity summed over a window or a local day, per metric.</summary>
internal sealed record TierTotals
{
    public static TierTotals Zero { get; } = new();

    public decimal Spend { get; init; }

    public long Points { get; init; }

    public long Transactions { get; init; }

    public long Nights { get; init; }

    public long Referrals { get; init; }

    public long TierCredits { get; init; }

    public TierTotals Plus(QualifyingActivity a) => new()
    {
        Spend = Spend + a.Spend,
        Points = checked(Points + a.Points.Value),
        Transactions = checked(Transactions + a.Transactions),
        Nights = checked(Nights + a.Nights),
        Referrals = checked(Referrals + a.Referrals),
        TierCredits = checked(TierCredits + a.TierCredits.Value),
    };

    public TierTotals Plus(TierTotals o) => new()
    {
        Spend = Spend + o.Spend,
        Points = checked(Points + o.Points),
        Transactions = checked(Transactions + o.Transactions),
        Nights = checked(Nights + o.Nights),
        Referrals = checked(Referrals + o.Referrals),
        TierCredits = checked(TierCredits + o.TierCredits),
    };

    public decimal Of(TierMetric metric) => metric switch
    {
        TierMetric.Spend => Spend,
        TierMetric.Points => Points,
        TierMetric.Transactions => Transactions,
        TierMetric.Nights => Nights,
        TierMetric.Referrals => Referrals,
        _ => TierCredits,
    };
}

/// <summary>The first instant of a local day at which the trailing 12 months qualified for a tier (rolling windows).</summary>
/// <param name="TierId">The tier.</param>
/// <param name="At">The first instant that day.</param>
internal sealed record TierReach(string TierId, Instant At);

/// <summary>One local day of qualifying activity (rolling windows): its totals and the tiers its activity reached.</summary>
internal sealed record TierDay
{
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)] // required: written even when it is the default
    public required LocalDate Date { get; init; }

    public TierTotals Totals { get; init; } = TierTotals.Zero;

    /// <summary>Lowest tier first: for each tier the day's activity qualified for, the first instant it did.</summary>
    public ImmutableArray<TierReach> Reached { get; init; } = [];

    public bool Equals(TierDay? other) => other is not null && Date == other.Date && Totals == other.Totals && Reached.SequenceEqual(other.Reached);

    public override int GetHashCode() => Date.GetHashCode();
}

/// <summary>
/// What the account keeps to decide the member's tier without the member's history: the tier status (enrolment,
/// paid membership, tier set by hand), the earned tier with its since, reason and lifetime floor, and only the
/// activity the ladder's windows still need — the totals of the current window (and of the previous one while its
/// grace period runs), or for rolling windows the local days of the last two years. Bounded whatever the history.
/// </summary>
internal sealed record TierTrack
{
    public required TierStatus Status { get; init; }

    /// <summary>The earned tier (null: the entry tier).</summary>
    public string? TierId { get; init; }

    public Instant Since { get; init; }

    public string Reason { get; init; } = "";

    /// <summary>The highest lifetime tier reached, or null.</summary>
    public string? LifetimeTierId { get; init; }

    /// <summary>A one-off tier set by hand (windows) cannot drop before this instant, or null.</summary>
    public Instant? SecuredUntil { get; init; }

    /// <summary>Everything up to this instant is counted: the track never goes back.</summary>
    public Instant Last { get; init; }

    /// <summary>Whether the one-off tier set by hand (<see cref="TierStatus.Override"/>) was applied.</summary>
    public bool OverrideApplied { get; init; }

    /// <summary>Whether the earned tier was put there by a one-off tier set by hand (windows).</summary>
    public bool ByHand { get; init; }

    /// <summary>Calendar and membership years: the first day of the current window.</summary>
    public LocalDate WindowStart { get; init; }

    public TierTotals Current { get; init; } = TierTotals.Zero;

    /// <summary>The previous window's totals while its decision (its end plus the grace days) is still to come, else null.</summary>
    public TierTotals? Previous { get; init; }

    /// <summary>Rolling windows: the local days with activity that can still matter, oldest first.</summary>
    public ImmutableArray<TierDay> Days { get; init; } = [];

    /// <summary>The tier the host was last told (its change is reported once), and whether it was paid or set by hand.</summary>
    public string? ReportedTierId { get; init; }

    public TierSource ReportedSource { get; init; }

    public bool Equals(TierTrack? other)
        => other is not null && Status == other.Status && TierId == other.TierId && Since == other.Since && Reason == other.Reason
           && LifetimeTierId == other.LifetimeTierId && SecuredUntil == other.SecuredUntil && Last == other.Last && OverrideApplied == other.OverrideApplied && ByHand == other.ByHand
           && WindowStart == other.WindowStart && Current == other.Current && Previous == other.Previous && Days.SequenceEqual(other.Days)
           && ReportedTierId == other.ReportedTierId && ReportedSource == other.ReportedSource;

    public override int GetHashCode() => System.HashCode.Combine(TierId, Since, Last);
}

/// <summary>Where a decided tier comes from.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<TierSource>))]
internal enum TierSource
{
    Earned,
    Paid,
    SetByHand,
}
