using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>
/// Decides a member's tier as a fold over qualifying activity in time order, one algorithm for both ways a host
/// keeps tiers: <see cref="LoyaltyProgram.DecideTier"/> folds a whole history (sorted, so any order gives the same
/// decision), and the ledger folds each event's activity into the <see cref="TierTrack"/> its account keeps. Upgrades
/// come as soon as a threshold is met; at the end of each window (plus grace), a member who did not requalify drops
/// to what the window qualifies for (at most one step if the ladder says so, never below a lifetime tier reached);
/// paid tiers and floors set by hand are floors; a fixed tier set by hand wins until it ends. Pure: nothing reads a clock.
/// </summary>
internal sealed partial class TierDecider
{
    private readonly TierLadder ladder;
    private readonly DateTimeZone zone;
    private readonly ImmutableArray<TierDefinition> tiers;
    private readonly (TierMetric Metric, decimal Threshold)[][] thresholds; // each tier's, in metric order: read without a dictionary's enumerator
    private readonly FrozenDictionary<string, int> index;

    public TierDecider(TierLadder ladder, DateTimeZone zone)
    {
        this.ladder = ladder;
        this.zone = zone;
        tiers = [.. ladder.Tiers];
        thresholds = [.. tiers.Select(t => t.Thresholds.OrderBy(p => p.Key).Select(p => (p.Key, p.Value)).ToArray())];
        index = tiers.Select((t, i) => (t.Id, i)).ToFrozenDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
    }

    /// <summary>The tier ids, lowest first, for messages.</summary>
    public string TierList => string.Join(", ", tiers.Select(t => t.Id));

    /// <summary>Whether the ladder has the tier.</summary>
    public bool Has(string tierId) => index.ContainsKey(tierId);

    /// <summary>The rank of a tier (0 for the entry tier); -1 when the ladder has no such tier.</summary>
    public int RankOf(string? tierId) => tierId is null ? 0 : index.GetValueOrDefault(tierId, -1);

    public TierDecision Decide(TierStatus status, IEnumerable<QualifyingActivity> activities, Instant at)
    {
        Preconditions.NotNull(status, nameof(status));
        Preconditions.NotNull(activities, nameof(activities));
        Check(status);
        var history = activities.Where(a => a is not null && a.At <= at)
            .OrderBy(a => a.At).ThenBy(a => a.Spend).ThenBy(a => a.Points).ThenBy(a => a.Transactions).ThenBy(a => a.Nights).ThenBy(a => a.Referrals).ThenBy(a => a.TierCredits)
            .ToList();
        var first = history.Count > 0 ? LocalDate.Min(status.EnrolledOn, Date(history[0].At)) : status.EnrolledOn;
        if (status.Override is { Kind: TierOverrideKind.OneOff, SetAt: var setAt } && setAt <= at)
        {
            first = LocalDate.Min(first, Date(setAt)); // the history starts with the tier set by hand
        }

        first = LocalDate.Min(first, Date(at)); // a decision before enrolment: the fold must not start after it

        var open = Open(status, first);
        var run = new Run(this, open, open.Last);
        foreach (var activity in history)
        {
            run.Add(activity);
        }

        run.AdvanceTo(at);
        return run.Decision(at);
    }

    /// <summary>A new track for a member enrolled on <paramref name="status"/>'s date, its first window containing <paramref name="from"/>.</summary>
    public TierTrack Open(TierStatus status, LocalDate from) => new()
    {
        Status = status,
        Since = Start(status.EnrolledOn),
        Reason = $"entry tier {tiers[0].Id}",
        WindowStart = ladder.WindowOf(LocalDate.Min(from, status.EnrolledOn), status.EnrolledOn).Start,
        Last = Start(LocalDate.Min(from, status.EnrolledOn)),
    };

    /// <summary>
    /// The track after <paramref name="activities"/>, advanced to <paramref name="at"/> (never back), and the decision
    /// then. The track's last instant is <paramref name="last"/> (when later than its own <see cref="TierTrack.Last"/>:
    /// a track kept apart from its last instant) and comes back as Last; when only time passed, the track that comes
    /// back is <paramref name="track"/> itself, its own Last behind: no track is made for it. Without
    /// <paramref name="progress"/>, the decision has no progress to the next tier (nobody reads it: a quiet step).
    /// </summary>
    public (TierTrack Track, Instant Last, TierDecision Decision) Fold(TierTrack track, Instant last, IReadOnlyList<QualifyingActivity> activities, Instant at, QualifyingActivity? then = null, bool progress = true)
    {
        var run = new Run(this, track, last);
        run.AdvanceTo(at);
        for (int i = 0; i < activities.Count; i++) // indexed: no enumerator to allocate
        {
            run.Add(activities[i]);
        }

        if (then is not null)
        {
            run.Add(then);
        }

        run.AdvanceTo(at);
        var decision = run.Decision(Instant.Max(at, run.Last), progress);
        return (run.Save(), run.Last, decision);
    }

    /// <summary>The decision a track gives at <paramref name="at"/> (or its last instant, if later), without changing it; <paramref name="last"/> as for <see cref="Fold"/>.</summary>
    public TierDecision DecisionOf(TierTrack track, Instant at, Instant? last = null) => Fold(track, last ?? track.Last, [], at).Decision;

    /// <summary>The tier a track gives at <paramref name="at"/> (or its last instant, if later), no decision made; <paramref name="last"/> as for <see cref="Fold"/>.</summary>
    public string TierIdOf(TierTrack track, Instant at, Instant? last = null)
    {
        var run = new Run(this, track, last ?? track.Last);
        run.AdvanceTo(at);
        return run.TierIdAt(Instant.Max(at, run.Last));
    }

    /// <summary>Throws when the status names a tier the ladder does not have.</summary>
    public void Check(TierStatus status)
    {
        if (status.PaidTierId is not null)
        {
            IndexOf(status.PaidTierId, "status.PaidTierId");
        }

        if (status.Override is not null)
        {
            IndexOf(status.Override.TierId, "status.Override.TierId");
        }
    }

    private int Qualified(TierTotals totals)
    {
        for (int i = tiers.Length - 1; i > 0; i--)
        {
            if (IsMetBy(i, totals))
            {
                return i;
            }
        }

        return 0;
    }

    private int Lifetime(int tier) => tiers[tier].Lifetime ? tier : 0;

    private TierProgress Progress(int tier, TierTotals totals, LocalDate windowEnds)
    {
        if (tier + 1 >= tiers.Length)
        {
            return recent?.Progress is { NextTierId: null } top && top.WindowEnds == windowEnds && top.Missing.IsEmpty ? top
                : new TierProgress(null, ImmutableDictionary<TierMetric, decimal>.Empty, windowEnds); // the top: nothing to go
        }

        var next = thresholds[tier + 1];
        if (recent?.Progress is { } last && ReferenceEquals(last.NextTierId, tiers[tier + 1].Id) && last.WindowEnds == windowEnds && Same(last.Missing, next, totals))
        {
            return last; // what the thread's last decision said (an account's events come one after another): not made again
        }

        var missing = ImmutableDictionary<TierMetric, decimal>.Empty;
        foreach (var (metric, threshold) in next)
        {
            if (threshold - totals.Of(metric) is var gap and > 0)
            {
                missing = missing.Add(metric, gap);
            }
        }

        return new TierProgress(tiers[tier + 1].Id, missing, windowEnds);

        static bool Same(ImmutableDictionary<TierMetric, decimal> missing, (TierMetric Metric, decimal Threshold)[] next, TierTotals totals)
        {
            int count = 0;
            foreach (var (metric, threshold) in next)
            {
                if (threshold - totals.Of(metric) is var gap and > 0)
                {
                    if (!missing.TryGetValue(metric, out var known) || known != gap || known.Scale != gap.Scale)
                    {
                        return false;
                    }

                    count++;
                }
            }

            return count == missing.Count;
        }
    }

    /// <summary>The decision this thread made last (of any ladder: compared by value before it is given again).</summary>
    [ThreadStatic]
    private static TierDecision? recent;

    /// <summary>
    /// The decision of these values: the thread's last one when it is the same in every value (a redemption or a month
    /// end after a purchase decides what the purchase decided), else a new one, kept as the last.
    /// </summary>
    private static TierDecision Decided(TierDefinition tier, Instant since, Instant? securedUntil, string reason, TierProgress progress, TierSource source)
    {
        if (recent is { } last && ReferenceEquals(last.Benefits, tier) && ReferenceEquals(last.Progress, progress) && last.Since == since
            && last.SecuredUntil == securedUntil && last.Source == source && string.Equals(last.Reason, reason, StringComparison.Ordinal))
        {
            return last;
        }

        return recent = new TierDecision(tier.Id, since, securedUntil, reason, progress, tier) { Source = source };
    }

    /// <summary>Whether the totals meet the thresholds of tier <paramref name="tier"/> (all of them, or any one).</summary>
    private bool IsMetBy(int tier, TierTotals totals)
    {
        var of = thresholds[tier];
        if (of.Length == 0)
        {
            return true;
        }

        bool all = tiers[tier].Qualification == TierQualification.All;
        foreach (var (metric, threshold) in of)
        {
            if (totals.Of(metric) >= threshold != all)
            {
                return !all; // all: one unmet is enough to fail; any: one met is enough to pass
            }
        }

        return all;
    }

    private int IndexOf(string tierId, string field)
        => index.TryGetValue(tierId, out int i) ? i : throw Preconditions.Invalid(field, $"tier '{tierId}' is not in the ladder ({TierList}).");

    /// <summary>The rank of a stored tier id; a tier the ladder no longer has counts as the entry tier.</summary>
    private int Stored(string? tierId) => Math.Max(0, RankOf(tierId));

    private Instant Start(LocalDate date) => ExpiryPolicy.StartOf(date, zone);

    private LocalDate Date(Instant instant) => instant.InZone(zone).Date;

    private string Text(Instant instant) => Text(Date(instant));

    private static string Text(LocalDate date) => date.ToString("uuuu-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
