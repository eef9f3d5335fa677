using System;
using System.Collections.Immutable;
using System.Linq;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>The points a member earned under one <see cref="MemberPeriodCap"/> in one period.</summary>
/// <param name="RuleId">The cap's rule id.</param>
/// <param name="PeriodStart">The first local date of the period.</param>
/// <param name="Points">The points earned in it, less what refunds took back.</param>
public sealed record PeriodTally(string RuleId, LocalDate PeriodStart, Points Points);

/// <summary>
/// The running totals of a member's per-period caps, as the account keeps them: the periods its retention window
/// still needs, and the last date of what it has forgotten.
/// </summary>
public sealed record PeriodTallies
{
    /// <summary>No totals, nothing forgotten.</summary>
    public static PeriodTallies Empty { get; } = new();

    /// <summary>The totals, by rule and period start.</summary>
    public ImmutableArray<PeriodTally> Periods { get; init; } = [];

    /// <summary>Periods that end on or before this date are no longer known; null when nothing was forgotten.</summary>
    public LocalDate? ForgottenThrough { get; init; }

    /// <summary>The points earned under cap <paramref name="ruleId"/> in the period starting <paramref name="start"/>.</summary>
    internal long PointsOf(string ruleId, LocalDate start)
    {
        foreach (var tally in Periods)
        {
            if (tally.PeriodStart == start && tally.RuleId == ruleId)
            {
                return tally.Points.Value;
            }
        }

        return 0;
    }

    /// <summary>Whether a period ending at <paramref name="end"/> (exclusive) is forgotten.</summary>
    internal bool Forgets(LocalDate end) => ForgottenThrough is { } through && end <= through;

    /// <summary>Counts <paramref name="points"/> (negative for a refund) under every period cap of the program, in the period of <paramref name="date"/>.</summary>
    internal PeriodTallies Count(MemberPeriodCap[] caps, LocalDate date, long points)
    {
        if (points == 0 || caps.Length == 0)
        {
            return this;
        }

        var periods = Periods.ToList();
        foreach (var cap in caps)
        {
            var start = ExpiryPolicy.PeriodStart(cap.Period, date);
            int i = periods.FindIndex(t => t.RuleId == cap.Id && t.PeriodStart == start);
            long sum = Math.Max(0, (i < 0 ? 0 : periods[i].Points.Value) + points);
            if (i >= 0)
            {
                periods.RemoveAt(i);
            }

            if (sum > 0)
            {
                periods.Add(new PeriodTally(cap.Id, start, sum));
            }
        }

        return this with { Periods = [.. periods.OrderBy(t => t.RuleId, StringComparer.Ordinal).ThenBy(t => t.PeriodStart)] };
    }

    /// <summary>Forgets the periods that ended on or before <paramref name="horizon"/> (the start of the retention window).</summary>
    internal PeriodTallies Forget(MemberPeriodCap[] caps, LocalDate horizon)
    {
        if (Periods.IsEmpty)
        {
            return this; // most programs have no period cap: nothing to look at, nothing allocated
        }

        var periodOf = caps.ToDictionary(c => c.Id, c => c.Period, StringComparer.Ordinal);
        var forgotten = Periods.Where(t => !periodOf.TryGetValue(t.RuleId, out var period) || ExpiryPolicy.PeriodStart(period, t.PeriodStart, 1) <= horizon).ToList();
        if (forgotten.Count == 0)
        {
            return this;
        }

        var through = ForgottenThrough is { } f && f > horizon ? f : horizon;
        return new PeriodTallies { Periods = [.. Periods.Except(forgotten)], ForgottenThrough = through };
    }

    /// <inheritdoc />
    public bool Equals(PeriodTallies? other) => other is not null && Periods.SequenceEqual(other.Periods) && ForgottenThrough == other.ForgottenThrough;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Periods.Length, ForgottenThrough);
}
