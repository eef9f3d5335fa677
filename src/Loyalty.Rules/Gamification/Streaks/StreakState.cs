using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>What the account keeps of streaks: the qualifying periods (by event) and the rewards paid per run.</summary>
internal static class StreakState
{
    /// <summary>One tally per streak with history; forgets runs that ended well before any refund can reach them.</summary>
    public static MemberStateKind<ImmutableArray<StreakTally>> Tallies { get; } = new(
        "streaks", [], LedgerJson.Default.ImmutableArrayStreakTally, SequenceComparer<StreakTally>.Instance, v => v.IsDefault ? [] : v, forget: Forget);

    private static ImmutableArray<StreakTally> Forget(ImmutableArray<StreakTally> tallies, LoyaltyProgram program, LocalDate horizon)
    {
        // A run that ended a month before the month a refund can still reach is final, freezes of its months included.
        var cut = GameState.RefundReach(program, horizon);
        var before = new LocalDate(cut.Year, cut.Month, 1).PlusMonths(-1);
        var kept = tallies;
        foreach (var tally in tallies)
        {
            if (!program.StreaksById.TryGetValue(tally.Streak, out var streak))
            {
                kept = kept.Remove(tally);
                continue;
            }

            bool old = false;
            foreach (var step in tally.Steps)
            {
                old |= !step.Held && step.Day < before;
            }

            if (!old)
            {
                continue; // the usual case, looked at on every event: no run can have ended that long ago
            }

            var final = StreakRun.Of(streak, tally.Steps).Where(r => r.Last < before && !tally.Steps.Any(s => s.Held && s.Day >= r.Start && s.Day <= r.Last)).ToArray();
            if (final.Length > 0)
            {
                var end = final[^1].Last;
                kept = kept.Replace(tally, tally with
                {
                    Steps = tally.Steps.RemoveAll(s => s.Day <= end && !s.Held),
                    Paid = tally.Paid.RemoveAll(p => p.RunStart <= end),
                    SettledLongest = System.Math.Max(tally.SettledLongest, final.Max(r => r.Length)),
                });
            }
        }

        return kept;
    }
}

/// <summary>A streak's history.</summary>
/// <param name="Streak">The streak id.</param>
internal sealed record StreakTally(string Streak)
{
    /// <summary>The events that qualified a period (<see cref="GameStep.Day"/> is the period's first day), in the order applied.</summary>
    public ImmutableArray<GameStep> Steps { get; init; } = [];

    /// <summary>The longest run among those forgotten.</summary>
    public int SettledLongest { get; init; }

    /// <summary>The rewards paid, one per run and length.</summary>
    public ImmutableArray<StreakPayment> Paid { get; init; } = [];

    /// <inheritdoc />
    public bool Equals(StreakTally? other) => other is not null && Streak == other.Streak && SettledLongest == other.SettledLongest && Steps.SequenceEqual(other.Steps) && Paid.SequenceEqual(other.Paid);

    /// <inheritdoc />
    public override int GetHashCode() => System.HashCode.Combine(Streak, Steps.Length);
}

/// <summary>A streak reward paid.</summary>
/// <param name="RunStart">The first period of the run.</param>
/// <param name="Length">The length it paid for.</param>
/// <param name="EventId">The event that paid it.</param>
/// <param name="LotId">Its points' lot, or null.</param>
/// <param name="VoucherId">Its voucher, or null.</param>
internal sealed record StreakPayment(LocalDate RunStart, int Length, string EventId, string? LotId, string? VoucherId);

/// <summary>A run of qualifying periods: its first and last period and how many qualified (frozen ones do not count).</summary>
internal readonly record struct StreakRun(LocalDate Start, LocalDate Last, int Length)
{
    /// <summary>The runs the qualifying periods of <paramref name="steps"/> (held ones aside) make, in order; freezes are spent in date order.</summary>
    public static List<StreakRun> Of(Streak streak, ImmutableArray<GameStep> steps)
    {
        var periods = new LocalDate[steps.Length];
        int count = 0;
        foreach (var step in steps)
        {
            if (!step.Held)
            {
                periods[count++] = step.Day;
            }
        }

        System.Array.Sort(periods, 0, count);
        var runs = new List<StreakRun>();
        Dictionary<(int Year, int Month), int>? frozen = streak.FreezesPerMonth == 0 ? null : new();
        for (int i = 0; i < count; i++)
        {
            var period = periods[i];
            if (i > 0 && period == periods[i - 1])
            {
                continue; // another event of the same period
            }

            if (runs.Count > 0 && runs[^1] is var run && Bridges(streak, run.Last, period, frozen))
            {
                runs[^1] = run with { Last = period, Length = run.Length + 1 };
            }
            else
            {
                runs.Add(new StreakRun(period, period, 1));
            }
        }

        return runs;
    }

    /// <summary>Whether <paramref name="next"/> continues a run that last qualified <paramref name="last"/>: the next period, or after missed ones the freezes left in their months forgive (then spent); without freezes (null) only the next period.</summary>
    public static bool Bridges(Streak streak, LocalDate last, LocalDate next, Dictionary<(int Year, int Month), int>? frozen)
    {
        if (next == streak.Next(last))
        {
            return true; // the next period: nothing missed
        }

        if (frozen is null)
        {
            return false; // no freezes
        }

        var missed = new List<(int, int)>();
        for (var p = streak.Next(last); p < next; p = streak.Next(p))
        {
            missed.Add((p.Year, p.Month));
            if (missed.Count > streak.FreezesPerMonth)
            {
                return false;
            }
        }

        if (missed.GroupBy(m => m).Any(g => frozen.GetValueOrDefault(g.Key) + g.Count() > streak.FreezesPerMonth))
        {
            return false;
        }

        foreach (var month in missed)
        {
            frozen[month] = frozen.GetValueOrDefault(month) + 1;
        }

        return true;
    }
}
