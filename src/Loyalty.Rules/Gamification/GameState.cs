using System.Collections.Immutable;
using System.Linq;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>What the account keeps of challenges and stamp cards, and the badges earned.</summary>
internal static class GameState
{
    /// <summary>
    /// One tally per game and window with progress: what each event added (until no refund can reach it, then folded
    /// into <see cref="GameTally.Settled"/>), and the completions paid. A window that ended before any refund can reach
    /// it is final and goes.
    /// </summary>
    public static MemberStateKind<ImmutableArray<GameTally>> Tallies { get; } = new(
        "games", [], LedgerJson.Default.ImmutableArrayGameTally, SequenceComparer<GameTally>.Instance, v => v.IsDefault ? [] : v, forget: Forget);

    /// <summary>The challenges the member opted in to, and when (kept while the challenge is in the program).</summary>
    public static MemberStateKind<ImmutableArray<GameEnrolment>> Enrolments { get; } = MemberStateKind.List("enrolments", LedgerJson.Default.ImmutableArrayGameEnrolment);

    /// <summary>The badges earned, in the order earned.</summary>
    public static MemberStateKind<ImmutableArray<EarnedBadge>> Badges { get; } = MemberStateKind.List("badges", LedgerJson.Default.ImmutableArrayEarnedBadge, merge: static (mine, closed) => mine.AddRange(closed.Where(b => !mine.Any(m => m.Id == b.Id))));

    /// <summary>The first local date a refund can still reach (months counted back conservatively: earlier, never later).</summary>
    public static LocalDate RefundReach(LoyaltyProgram program, LocalDate retentionHorizon)
        => retentionHorizon.Plus(program.LedgerPolicy.Retention).Minus(program.LedgerPolicy.RefundWindow);

    private static ImmutableArray<GameTally> Forget(ImmutableArray<GameTally> tallies, LoyaltyProgram program, LocalDate horizon)
    {
        var cut = RefundReach(program, horizon);
        ImmutableArray<GameTally>.Builder? kept = null;
        for (int i = 0; i < tallies.Length; i++)
        {
            var tally = tallies[i];
            var after = Settle(tally, program.GamesById.TryGetValue(tally.Game, out var game) ? game : null, cut);
            if (kept is null && ReferenceEquals(after, tally))
            {
                continue;
            }

            kept ??= tallies.Take(i).ToImmutableArray().ToBuilder();
            if (after is not null)
            {
                kept.Add(after);
            }
        }

        return kept is null ? tallies : kept.ToImmutable();
    }

    /// <summary>The tally with what happened before <paramref name="cut"/> folded in; null when its window is final (or its game gone).</summary>
    private static GameTally? Settle(GameTally tally, Game? game, LocalDate cut)
    {
        // Looked at on every event: plain loops, nothing allocated unless something is due.
        bool open = false, due = false;
        foreach (var step in tally.Steps)
        {
            open |= step.Held;
            due |= !step.Held && step.Day < cut;
        }

        if (game is null || (!open && game.LastDayOf(tally.Window) is { } last && last < cut))
        {
            return null;
        }

        foreach (var completion in tally.Completions)
        {
            due |= completion.Day < cut;
        }

        if (!due)
        {
            return tally;
        }

        var old = tally.Steps.Where(s => s.Day < cut && !s.Held).ToArray();
        decimal folded = game.Goal == ChallengeGoal.DistinctDays ? old.Where(s => s.Amount > 0m).Select(s => s.Day).Distinct().Count() : old.Sum(s => s.Amount);
        return tally with
        {
            Settled = tally.Settled + folded,
            SettledCompletions = tally.SettledCompletions + tally.Completions.Count(c => c.Day < cut),
            Steps = tally.Steps.RemoveAll(s => s.Day < cut && !s.Held),
            Completions = tally.Completions.RemoveAll(c => c.Day < cut),
        };
    }
}

/// <summary>A game's progress in one window.</summary>
/// <param name="Game">The challenge or stamp card id.</param>
/// <param name="Window">The window's first local date (the first ever, for a game with one window).</param>
internal sealed record GameTally(string Game, LocalDate Window)
{
    /// <summary>What events no refund can reach any more added (for distinct days: how many days).</summary>
    public decimal Settled { get; init; }

    /// <summary>The completions paid by events no refund can reach any more.</summary>
    public int SettledCompletions { get; init; }

    /// <summary>What each event a refund can still reach added, in the order applied.</summary>
    public ImmutableArray<GameStep> Steps { get; init; } = [];

    /// <summary>The completions paid, in the order paid.</summary>
    public ImmutableArray<GameCompletion> Completions { get; init; } = [];

    /// <summary>The measure: settled, plus what the steps not held add (distinct days counted once).</summary>
    public decimal Measure(Game game)
    {
        if (game.Goal != ChallengeGoal.DistinctDays)
        {
            decimal sum = Settled;
            foreach (var step in Steps)
            {
                sum += step.Held ? 0m : step.Amount;
            }

            return sum;
        }

        return Settled + Steps.Where(s => !s.Held && s.Amount > 0m).Select(s => s.Day).Distinct().Count();
    }

    /// <summary>The completions paid in all.</summary>
    public int Paid => SettledCompletions + Completions.Length;

    /// <inheritdoc />
    public bool Equals(GameTally? other)
        => other is not null && Game == other.Game && Window == other.Window && Settled == other.Settled && SettledCompletions == other.SettledCompletions
           && Steps.SequenceEqual(other.Steps) && Completions.SequenceEqual(other.Completions);

    /// <inheritdoc />
    public override int GetHashCode() => System.HashCode.Combine(Game, Window, Steps.Length);
}

/// <summary>What one event added to a game's window.</summary>
/// <param name="EventId">The purchase or activity.</param>
/// <param name="Day">Its local date.</param>
/// <param name="Amount">What it adds (after refunds).</param>
/// <param name="Held">Whether it is held for review (it counts once released).</param>
internal sealed record GameStep(string EventId, LocalDate Day, decimal Amount, bool Held);

/// <summary>One completion paid.</summary>
/// <param name="EventId">The event that completed it.</param>
/// <param name="Day">Its local date.</param>
/// <param name="LotId">The lot of its points, or null for none.</param>
/// <param name="VoucherId">The voucher it issued, or null.</param>
internal sealed record GameCompletion(string EventId, LocalDate Day, string? LotId, string? VoucherId);

/// <summary>A member's enrolment in a challenge.</summary>
/// <param name="Challenge">The challenge id.</param>
/// <param name="At">When the member opted in.</param>
/// <param name="EventId">The enrolment event.</param>
internal sealed record GameEnrolment(string Challenge, Instant At, string EventId);
