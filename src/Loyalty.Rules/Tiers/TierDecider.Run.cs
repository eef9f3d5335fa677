using System;
using System.Collections.Generic;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>The fold itself: a track being advanced through time and fed activity, in working (mutable) form.</summary>
internal sealed partial class TierDecider
{
    private partial struct Run
    {
        private readonly TierDecider d;
        private readonly TierLadder ladder;
        private readonly TierStatus status;
        private readonly TierTrack track;
        private readonly List<TierDay> days;
        private int tier;
        private int lifetime;
        private Instant since;
        private Instant? secured;
        private string reason;
        private bool overrideApplied;
        private bool byHand;
        private LocalDate windowStart;
        private LocalDate windowEnd;
        private TierTotals current;
        private TierTotals? previous;
        private Instant startsAt; // the instants of the current window's bounds and decisions, computed once per window
        private Instant endsAt;
        private Instant graceEndsAt;

        private bool added; // whether activity was counted (rolling windows: the days changed)

        public Run(TierDecider decider, TierTrack track, Instant last)
        {
            d = decider;
            ladder = decider.ladder;
            this.track = track;
            status = track.Status;
            tier = d.Stored(track.TierId);
            byHand = track.ByHand;
            lifetime = d.Stored(track.LifetimeTierId);
            since = track.Since;
            secured = track.SecuredUntil;
            reason = track.Reason;
            overrideApplied = track.OverrideApplied;
            Last = Instant.Max(track.Last, last);
            windowStart = track.WindowStart;
            windowEnd = ladder.WindowOf(windowStart, status.EnrolledOn).End;
            current = track.Current;
            previous = track.Previous;
            days = Rolling ? [.. track.Days] : NoDays; // only rolling windows keep days (and change them)
            Bounds();
        }

        private void Bounds()
        {
            startsAt = d.Start(windowStart);
            endsAt = d.Start(windowEnd);
            graceEndsAt = ladder.GraceDays == 0 ? startsAt : d.Start(windowStart.PlusDays(ladder.GraceDays));
        }

        public Instant Last { get; private set; }

        private bool Rolling => ladder.Window == TierWindow.Rolling12Months;

        private TierOverride? OneOff => status.Override is { Kind: TierOverrideKind.OneOff } o && !overrideApplied ? o : null;

        /// <summary>Lets time pass to <paramref name="to"/>: windows end and are decided, a one-off tier set by hand takes effect.</summary>
        public void AdvanceTo(Instant to)
        {
            to = Instant.Max(to, Last); // never back; a tier set by hand at (or before) the last instant still takes effect now
            while (!Rolling)
            {
                Instant? decision = previous is null ? null : graceEndsAt;
                Instant end = endsAt;
                Instant? oneOff = OneOff?.SetAt;
                var next = Instant.Min(Instant.Min(decision ?? Instant.MaxValue, end), oneOff ?? Instant.MaxValue);
                if (next > to)
                {
                    break;
                }

                if (next == decision)
                {
                    Decide(next);
                }
                else if (next == end)
                {
                    previous = current;
                    current = TierTotals.Zero;
                    (windowStart, windowEnd) = ladder.WindowOf(windowEnd, status.EnrolledOn);
                    Bounds();
                }
                else
                {
                    SetByHand(OneOff!);
                }
            }

            if (Rolling && OneOff is { } o && o.SetAt <= to)
            {
                overrideApplied = true; // rolling: a hold of its own, read from the status by the decision
            }

            Last = to;
        }

        /// <summary>Counts one activity (after letting time pass to it).</summary>
        public void Add(QualifyingActivity activity)
        {
            AdvanceTo(activity.At);
            added = true;
            if (Rolling)
            {
                AddDay(activity);
                return;
            }

            // In its window while that is open; activity from a window already decided counts in the oldest one open.
            bool inPrevious = previous is not null && activity.At < startsAt;
            var totals = (inPrevious ? previous! : current).Plus(activity);
            if (inPrevious)
            {
                previous = totals;
            }
            else
            {
                current = totals;
            }

            int qualified = d.Qualified(totals);
            lifetime = Math.Max(lifetime, d.Lifetime(qualified)); // qualifying counts, even when already there
            if (qualified > tier)
            {
                Set(qualified, activity.At, $"met the {d.tiers[qualified].Id} thresholds on {d.Text(activity.At)}");
            }
        }

        /// <summary>The previous window's grace is over: keep what was requalified (or the current window earned), else drop.</summary>
        private void Decide(Instant decidedAt)
        {
            var start = ladder.WindowOf(windowStart.PlusDays(-1), status.EnrolledOn).Start;
            int requalified = ladder.KeepUntilEndOfNextWindow ? d.Qualified(previous!) : 0;
            int floor = Math.Max(ladder.DropAtMostOneTier ? tier - 1 : 0, lifetime);
            int kept = Math.Max(Math.Max(requalified, floor), d.Qualified(current));
            kept = Math.Max(kept, HandHold(decidedAt)); // a one-off tier set by hand is held through the next window, even under an upgrade
            if (kept < tier)
            {
                Set(kept, decidedAt, ladder.KeepUntilEndOfNextWindow
                    ? $"did not requalify for {d.tiers[tier].Id} in the window {Text(start)} to {Text(windowStart.PlusDays(-1))}"
                    : $"the window {Text(start)} to {Text(windowStart.PlusDays(-1))} ended; tiers are earned again each window");
            }

            previous = null;
        }

        /// <summary>The one-off tier set by hand still held at <paramref name="at"/>, or 0.</summary>
        private int HandHold(Instant at)
            => overrideApplied && secured > at && status.Override is { Kind: TierOverrideKind.OneOff } o ? d.IndexOf(o.TierId, "status.Override.TierId") : 0;

        /// <summary>A one-off tier set by hand, held like an earned tier through the next window.</summary>
        private void SetByHand(TierOverride oneOff)
        {
            int to = d.IndexOf(oneOff.TierId, "status.Override.TierId");
            overrideApplied = true;
            Set(to, oneOff.SetAt, $"set by hand to {d.tiers[to].Id} on {d.Text(oneOff.SetAt)}");
            byHand = true;
            var setIn = ladder.WindowOf(d.Date(oneOff.SetAt), status.EnrolledOn);
            secured = d.Start(ladder.WindowOf(setIn.End, status.EnrolledOn).End); // held like an earned tier: through the next window
        }

        private void Set(int to, Instant at, string why)
        {
            if (to != tier)
            {
                since = at;
            }

            tier = to;
            reason = why;
            byHand = false;
        }

        /// <summary>
        /// The decision at <paramref name="at"/> (not before <see cref="Last"/>), with the progress to the next tier, or
        /// (quiet: nobody reads it) without; either is kept as the thread's last decision.
        /// </summary>
        public TierDecision Decision(Instant at, bool progress = true)
        {
            var (result, from, why, securedUntil, totals, source) = Standing(at);
            var toNext = progress ? d.Progress(result, totals, ladder.WindowOf(d.Date(at), status.EnrolledOn).End.PlusDays(-1)) : NoProgress;
            return Decided(d.tiers[result], from, securedUntil, why, toNext, source);
        }

        /// <summary>The tier at <paramref name="at"/> alone (no decision made).</summary>
        public string TierIdAt(Instant at) => d.tiers[Standing(at).Tier].Id;

        /// <summary>The tier at <paramref name="at"/> and where it comes from: earned tier, then paid and set-by-hand floors.</summary>
        private (int Tier, Instant From, string Why, Instant? SecuredUntil, TierTotals Totals, TierSource Source) Standing(Instant at)
        {
            var (earned, earnedSince, earnedReason, securedUntil, totals, earnedByHand) = Rolling ? RollingTier(at) : WindowTier();
            int result = earned;
            string why = earnedReason;
            Instant from = earnedSince;
            var source = earnedByHand ? TierSource.SetByHand : TierSource.Earned;
            if (status.PaidTierId is { } paidId && d.IndexOf(paidId, "status.PaidTierId") is var p
                && (status.PaidUntil is null || status.PaidUntil > at) && (status.PaidFrom is null || status.PaidFrom <= at) && p > result)
            {
                string until = status.PaidUntil is { } paidUntil ? $"until {d.Text(paidUntil)}" : "with no end";
                (result, why, from, source) = (p, $"paid membership {d.tiers[p].Id} {until}", status.PaidFrom ?? d.Start(status.EnrolledOn), TierSource.Paid);
            }

            if (status.Override is { } manualSet && d.IndexOf(manualSet.TierId, "status.Override.TierId") is var m
                && manualSet.SetAt <= at && (manualSet.Until is null || manualSet.Until > at))
            {
                if (manualSet.Kind == TierOverrideKind.FixedUntil)
                {
                    (result, why, from, source) = (m, $"set by hand to {d.tiers[m].Id} until {d.Text(manualSet.Until!.Value)}", manualSet.SetAt, TierSource.SetByHand);
                }
                else if (manualSet.Kind == TierOverrideKind.Floor && m > result)
                {
                    (result, why, from, source) = (m, $"floor {d.tiers[m].Id} set by hand", manualSet.SetAt, TierSource.SetByHand);
                }
            }

            return (result, from, why, securedUntil, totals, source);
        }

        /// <summary>Calendar or membership years: the tier, and until when it is safe.</summary>
        private (int Tier, Instant Since, string Reason, Instant? SecuredUntil, TierTotals Totals, bool ByHand) WindowTier()
        {
            if (tier == 0)
            {
                return (tier, since, reason, null, current, byHand);
            }

            bool keep = ladder.KeepUntilEndOfNextWindow;
            var endOfGrace = ladder.GraceDays == 0 ? endsAt : d.Start(windowEnd.PlusDays(ladder.GraceDays));
            var decision = previous is null ? endOfGrace : graceEndsAt;
            if (previous is not null && keep && d.Qualified(previous) >= tier)
            {
                decision = endOfGrace; // requalified in the window that just ended
            }

            if (keep && d.Qualified(current) >= tier)
            {
                decision = d.Start(ladder.WindowOf(windowEnd, status.EnrolledOn).End.PlusDays(ladder.GraceDays)); // earned in this window: kept through the next
            }

            return (tier, since, reason, HandHold(decision) >= tier && secured > decision ? secured : decision, current, byHand);
        }

        /// <summary>The track as the run leaves it; the track it started from when only time passed (its Last then behind <see cref="Last"/>).</summary>
        public TierTrack Save()
        {
            string? tierId = tier == 0 ? null : d.tiers[tier].Id;
            string? lifetimeId = lifetime == 0 ? null : d.tiers[lifetime].Id;
            if (!added && string.Equals(tierId, track.TierId, StringComparison.Ordinal) && since == track.Since && ReferenceEquals(reason, track.Reason) && string.Equals(lifetimeId, track.LifetimeTierId, StringComparison.Ordinal)
                && secured == track.SecuredUntil && overrideApplied == track.OverrideApplied && byHand == track.ByHand && windowStart == track.WindowStart
                && ReferenceEquals(current, track.Current) && ReferenceEquals(previous, track.Previous))
            {
                return track;
            }

            return track with
            {
                TierId = tierId,
                Since = since,
                Reason = reason,
                LifetimeTierId = lifetimeId,
                SecuredUntil = secured,
                Last = Last,
                OverrideApplied = overrideApplied,
                ByHand = byHand,
                WindowStart = windowStart,
                Current = current,
                Previous = previous,
                Days = days.Count == 0 ? [] : [.. days],
            };
        }

        /// <summary>The days of a ladder whose window is not rolling: none, ever (shared, never changed).</summary>
        private static readonly List<TierDay> NoDays = [];

        private static string Text(LocalDate date) => TierDecider.Text(date);

        private static readonly TierProgress NoProgress = new(null, System.Collections.Immutable.ImmutableDictionary<TierMetric, decimal>.Empty, default);
    }
}
