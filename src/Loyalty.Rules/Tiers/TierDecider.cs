using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>
/// Decides a member's tier at an instant from the qualifying activity and the tier status, replaying windows
/// from enrolment: upgrades as soon as a threshold is met; at the end of each window (plus grace), a member who
/// did not requalify drops to what the window qualifies for (at most one step if the ladder says so, never below
/// a lifetime tier reached); paid tiers and floors set by hand are floors, a fixed tier set by hand wins until it
/// ends. Pure: activities may arrive in any order; nothing reads a clock.
/// </summary>
internal sealed class TierDecider
{
    private static readonly TierMetric[] Metrics = Enum.GetValues<TierMetric>();

    private readonly TierLadder ladder;
    private readonly DateTimeZone zone;
    private readonly ImmutableArray<TierDefinition> tiers;
    private readonly FrozenDictionary<string, int> index;

    public TierDecider(TierLadder ladder, DateTimeZone zone)
    {
        this.ladder = ladder;
        this.zone = zone;
        tiers = [.. ladder.Tiers];
        index = tiers.Select((t, i) => (t.Id, i)).ToFrozenDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
    }

    public TierDecision Decide(TierStatus status, IEnumerable<QualifyingActivity> activities, Instant at)
    {
        Preconditions.NotNull(status, nameof(status));
        Preconditions.NotNull(activities, nameof(activities));
        int? paid = status.PaidTierId is null ? null : IndexOf(status.PaidTierId, "status.PaidTierId");
        int? manual = status.Override is null ? null : IndexOf(status.Override.TierId, "status.Override.TierId");
        var history = activities.Where(a => a is not null && a.At <= at)
            .OrderBy(a => a.At).ThenBy(a => a.Spend).ThenBy(a => a.Points).ThenBy(a => a.Transactions).ThenBy(a => a.Nights).ThenBy(a => a.Referrals).ThenBy(a => a.TierCredits)
            .ToList();
        var today = at.InZone(zone).Date;

        var state = new State { Since = Start(status.EnrolledOn), Reason = $"entry tier {tiers[0].Id}" };
        var oneOff = status.Override is { Kind: TierOverrideKind.OneOff } o && o.SetAt <= at ? o : null;
        var totals = ladder.Window == TierWindow.Rolling12Months
            ? Rolling(history, oneOff, manual, state, at)
            : Windows(status, history, oneOff, manual, state, at);

        int tier = state.Tier;
        string reason = state.Reason;
        Instant since = state.Since;
        if (paid is { } p && (status.PaidUntil is null || status.PaidUntil > at) && (status.PaidFrom is null || status.PaidFrom <= at) && p > tier)
        {
            string until = status.PaidUntil is { } paidUntil ? $"until {Text(paidUntil)}" : "with no end";
            (tier, reason, since) = (p, $"paid membership {tiers[p].Id} {until}", status.PaidFrom ?? Start(status.EnrolledOn));
        }

        if (status.Override is { } manualSet && manual is { } m && manualSet.SetAt <= at && (manualSet.Until is null || manualSet.Until > at))
        {
            if (manualSet.Kind == TierOverrideKind.FixedUntil)
            {
                (tier, reason, since) = (m, $"set by hand to {tiers[m].Id} until {Text(manualSet.Until!.Value)}", manualSet.SetAt);
            }
            else if (manualSet.Kind == TierOverrideKind.Floor && m > tier)
            {
                (tier, reason, since) = (m, $"floor {tiers[m].Id} set by hand", manualSet.SetAt);
            }
        }

        var window = ladder.WindowOf(today, status.EnrolledOn);
        return new TierDecision(tiers[tier].Id, since, state.SecuredUntil, reason, Progress(tier, totals, window.End.PlusDays(-1)), tiers[tier]);
    }

    /// <summary>Calendar or membership years: replays each window from enrolment to <paramref name="at"/>.</summary>
    private Dictionary<TierMetric, decimal> Windows(TierStatus status, List<QualifyingActivity> history, TierOverride? oneOff, int? manual, State state, Instant at)
    {
        var first = history.Count > 0 ? LocalDate.Min(status.EnrolledOn, history[0].At.InZone(zone).Date) : status.EnrolledOn;
        var (start, end) = ladder.WindowOf(first, status.EnrolledOn);
        int next = 0;
        while (true)
        {
            var totals = new Dictionary<TierMetric, decimal>();
            var endsAt = Start(end);
            bool oneOffHere = oneOff is not null && oneOff.SetAt >= Start(start) && oneOff.SetAt < endsAt;
            for (; next < history.Count && history[next].At < endsAt; next++)
            {
                if (oneOffHere && oneOff!.SetAt <= history[next].At)
                {
                    SetByHand(state, oneOff, manual!.Value, end, status);
                    oneOffHere = false;
                }

                Add(totals, history[next]);
                int qualified = Qualified(totals);
                state.LifetimeFloor = Math.Max(state.LifetimeFloor, Lifetime(qualified)); // qualifying counts, even when already there
                if (qualified > state.Tier)
                {
                    state.Set(qualified, history[next].At, $"met the {tiers[qualified].Id} thresholds on {Text(history[next].At)}");
                }
            }

            if (oneOffHere)
            {
                SetByHand(state, oneOff!, manual!.Value, end, status);
            }

            var decidedAt = Start(end.PlusDays(ladder.GraceDays));
            if (decidedAt > at)
            {
                if (state.Tier > 0 && ladder.KeepUntilEndOfNextWindow && Qualified(totals) >= state.Tier)
                {
                    // Earned (or earned again) in this window: kept through the next one.
                    state.SecuredUntil = Start(ladder.WindowOf(end, status.EnrolledOn).End.PlusDays(ladder.GraceDays));
                }
                else
                {
                    state.SecuredUntil ??= state.Tier > 0 ? decidedAt : null;
                }

                return totals;
            }

            // The window is over (with its grace): keep what was requalified, else drop.
            // Kept through the next window (the airline habit): what this window qualified for; otherwise the next
            // window starts from the floor and its own activity must earn the tier again.
            int requalified = ladder.KeepUntilEndOfNextWindow ? Qualified(totals) : 0;
            int floor = Math.Max(ladder.DropAtMostOneTier ? state.Tier - 1 : 0, state.LifetimeFloor);
            int kept = Math.Max(requalified, floor);
            if ((state.SecuredUntil is null || state.SecuredUntil <= decidedAt) && kept < state.Tier)
            {
                state.Set(kept, decidedAt, ladder.KeepUntilEndOfNextWindow
                    ? $"did not requalify for {tiers[state.Tier].Id} in the window {Text(start)} to {Text(end.PlusDays(-1))}"
                    : $"the window {Text(start)} to {Text(end.PlusDays(-1))} ended; tiers are earned again each window");
            }

            (start, end) = ladder.WindowOf(end, status.EnrolledOn);
            state.SecuredUntil = state.Tier > 0 ? Start(end.PlusDays(ladder.GraceDays)) : null;
        }
    }

    /// <summary>A one-off tier set by hand, held like an earned tier through the next window.</summary>
    private void SetByHand(State state, TierOverride oneOff, int tier, LocalDate windowEnd, TierStatus status)
    {
        state.Set(tier, oneOff.SetAt, $"set by hand to {tiers[tier].Id} on {Text(oneOff.SetAt)}");
        state.SecuredUntil = Start(ladder.WindowOf(windowEnd, status.EnrolledOn).End);
    }

    /// <summary>
    /// Rolling 12 months, as a maximum (so order and extra activity can only help): every qualifying event holds the
    /// tier its trailing 12 months qualify for until 12 months (plus grace) after it, or only at that instant when
    /// tiers are not kept; the tier at <paramref name="at"/> is the best of the trailing qualification, the holds
    /// still running, the lifetime floor, and (dropping at most one tier) one below the best hold that ended in the
    /// last 12 months. A one-off tier set by hand is a hold of its own.
    /// </summary>
    private Dictionary<TierMetric, decimal> Rolling(List<QualifyingActivity> history, TierOverride? oneOff, int? manual, State state, Instant at)
    {
        var holds = new List<(int Tier, Instant From, Instant Until, string Reason)>();
        foreach (var activity in history)
        {
            int qualified = Qualified(Trailing(history, activity.At));
            if (qualified > 0)
            {
                var until = ladder.KeepUntilEndOfNextWindow ? Start(Date(activity.At).PlusMonths(12).PlusDays(1 + ladder.GraceDays)) : activity.At;
                holds.Add((qualified, activity.At, until, $"met the {tiers[qualified].Id} thresholds over the 12 months to {Text(activity.At)}"));
                state.LifetimeFloor = Math.Max(state.LifetimeFloor, Lifetime(qualified));
            }
        }

        if (oneOff is not null && manual is { } m)
        {
            holds.Add((m, oneOff.SetAt, Start(Date(oneOff.SetAt).PlusMonths(12).PlusDays(1 + ladder.GraceDays)), $"set by hand to {tiers[m].Id} on {Text(oneOff.SetAt)}"));
        }

        var totals = Trailing(history, at);
        int tier = Math.Max(Qualified(totals), state.LifetimeFloor);
        foreach (var hold in holds.Where(h => h.Until > at))
        {
            tier = Math.Max(tier, hold.Tier);
        }

        var yearAgo = Start(Date(at).PlusMonths(-12).PlusDays(1));
        if (ladder.DropAtMostOneTier && holds.Where(h => h.Until <= at && h.Until >= yearAgo).Select(h => h.Tier).DefaultIfEmpty(0).Max() is var recent && recent - 1 > tier)
        {
            tier = recent - 1;
        }

        var reaching = holds.Where(h => h.Tier >= tier && (h.Until > at || h.From >= yearAgo)).OrderBy(h => h.From).ToList();
        if (tier > 0 && reaching.Count > 0)
        {
            state.Set(tier, reaching[0].From, reaching.Last().Reason);
            state.SecuredUntil = reaching.Max(h => h.Until) is var secured && secured > at ? secured : null;
        }
        else if (tier > 0)
        {
            state.Set(tier, at, tier == state.LifetimeFloor ? $"lifetime tier {tiers[tier].Id}" : $"one tier below the tier held until recently");
        }

        return totals;
    }

    private Dictionary<TierMetric, decimal> Trailing(List<QualifyingActivity> history, Instant when)
    {
        var from = Start(Date(when).PlusMonths(-12).PlusDays(1));
        var totals = new Dictionary<TierMetric, decimal>();
        foreach (var activity in history.Where(a => a.At >= from && a.At <= when))
        {
            Add(totals, activity);
        }

        return totals;
    }

    private TierProgress Progress(int tier, Dictionary<TierMetric, decimal> totals, LocalDate windowEnds)
    {
        if (tier + 1 >= tiers.Length)
        {
            return new TierProgress(null, ImmutableDictionary<TierMetric, decimal>.Empty, windowEnds);
        }

        var next = tiers[tier + 1];
        var missing = next.Thresholds
            .Select(t => (t.Key, Missing: t.Value - totals.GetValueOrDefault(t.Key)))
            .Where(x => x.Missing > 0)
            .ToImmutableDictionary(x => x.Key, x => x.Missing);
        return new TierProgress(next.Id, missing, windowEnds);
    }

    private int Qualified(IReadOnlyDictionary<TierMetric, decimal> totals)
    {
        for (int i = tiers.Length - 1; i > 0; i--)
        {
            if (tiers[i].IsMetBy(totals))
            {
                return i;
            }
        }

        return 0;
    }

    private int Lifetime(int tier) => tiers[tier].Lifetime ? tier : 0;

    private static void Add(Dictionary<TierMetric, decimal> totals, QualifyingActivity activity)
    {
        foreach (var metric in Metrics)
        {
            decimal value = activity.Of(metric);
            if (value != 0m)
            {
                totals[metric] = totals.GetValueOrDefault(metric) + value;
            }
        }
    }

    private int IndexOf(string tierId, string field)
        => index.TryGetValue(tierId, out int i) ? i : throw Preconditions.Invalid(field, $"tier '{tierId}' is not in the ladder ({string.Join(", ", tiers.Select(t => t.Id))}).");

    private Instant Start(LocalDate date) => date.AtStartOfDayInZone(zone).ToInstant();

    private LocalDate Date(Instant instant) => instant.InZone(zone).Date;

    private string Text(Instant instant) => Text(Date(instant));

    private static string Text(LocalDate date) => date.ToString("uuuu-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private sealed class State
    {
        public int Tier;
        public int LifetimeFloor;
        public Instant Since;
        public Instant? SecuredUntil;
        public string Reason = "";

        public void Set(int tier, Instant at, string reason)
        {
            if (tier != Tier)
            {
                Since = at;
            }

            Tier = tier;
            Reason = reason;
        }
    }
}
