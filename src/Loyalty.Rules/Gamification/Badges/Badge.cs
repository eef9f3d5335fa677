using System;
using System.Collections.Generic;
using System.Globalization;

namespace Loyalty.Rules;

/// <summary>
/// A named achievement. One given as a game's reward (<see cref="GameReward.BadgeId"/>) goes with the completion that
/// earned it (a refund that undoes the completion takes it back). One with a <see cref="Criterion"/> is awarded once,
/// by the event that meets it: a completed challenge or stamp card and a tier reached stay earned; a streak's length is
/// held while the account's longest run reaches it (a refund that shortens that run takes it back, a run that merely
/// ends does not); a lifetime count counts what the member kept (a refund below the count takes it back).
/// </summary>
public sealed record Badge
{
    /// <summary>The id, unique among the program's badges.</summary>
    public required string Id { get; init; }

    /// <summary>The name members see, e.g. "Regular".</summary>
    public required string Name { get; init; }

    /// <summary>What earns it; null for a badge only a game's reward gives.</summary>
    public BadgeCriterion? Criterion { get; init; }

    internal void Validate(ProgramCheck check, string path, GameRefs games)
    {
        if (string.IsNullOrWhiteSpace(Id))
        {
            check.Fail(path + ".id", "is required.");
        }
        else if (Preconditions.IdProblem(Id) is { } problem)
        {
            check.Fail(path + ".id", problem);
        }

        if (string.IsNullOrWhiteSpace(Name))
        {
            check.Fail(path + ".name", "is required.");
        }

        Criterion?.Validate(check, path + ".criterion", games);
    }
}

/// <summary>The ids the games' definitions may name: the catalog's rewards, the badges, the challenges and stamp cards, the streaks.</summary>
internal sealed record GameRefs(IReadOnlySet<string> Rewards, IReadOnlySet<string> Badges, IReadOnlySet<string> Games, IReadOnlySet<string> Streaks)
{
    /// <summary>The badges with a criterion: no reward may give them.</summary>
    public IReadOnlySet<string> Earned { get; init; } = new HashSet<string>();
}

/// <summary>What earns a <see cref="Badge"/>: one of the kinds below, made by its factory.</summary>
public abstract record BadgeCriterion
{
    private protected BadgeCriterion()
    {
    }

    /// <summary>Completing the challenge or filling the stamp card <paramref name="gameId"/> (once).</summary>
    /// <param name="gameId">The challenge or stamp card id.</param>
    /// <returns>The criterion.</returns>
    public static BadgeCriterion Completed(string gameId) => new CompletedCriterion(gameId);

    /// <summary>A run of <paramref name="length"/> periods of the streak <paramref name="streakId"/>.</summary>
    /// <param name="streakId">The streak id.</param>
    /// <param name="length">The run length; 2 or more.</param>
    /// <returns>The criterion.</returns>
    public static BadgeCriterion StreakOf(string streakId, int length) => new StreakCriterion(streakId, length);

    /// <summary>Reaching the tier <paramref name="tierId"/> (the ledger's tier decision).</summary>
    /// <param name="tierId">The tier id.</param>
    /// <returns>The criterion.</returns>
    public static BadgeCriterion TierReached(string tierId) => new TierCriterion(tierId);

    /// <summary>A lifetime count: <paramref name="count"/> of what <paramref name="goal"/> counts, over the member's whole history.</summary>
    /// <param name="goal">What counts (purchases, spend, distinct days, items or activities).</param>
    /// <param name="count">How much; positive (whole for all but spend).</param>
    /// <param name="category">The category whose lines count, or null for all.</param>
    /// <param name="activity">The activity kind, for <see cref="ChallengeGoal.Activities"/>.</param>
    /// <returns>The criterion.</returns>
    public static BadgeCriterion Lifetime(ChallengeGoal goal, decimal count, string? category = null, ActivityKind? activity = null) => new LifetimeCriterion(goal, count, category, activity);

    internal abstract void Validate(ProgramCheck check, string path, GameRefs games);

    internal sealed record CompletedCriterion(string Game) : BadgeCriterion
    {
        internal override void Validate(ProgramCheck check, string path, GameRefs games)
        {
            if (Game is null || !games.Games.Contains(Game))
            {
                check.Fail(path + ".game", $"'{Game}' is not a challenge or stamp card of the program.");
            }
        }

        public override string ToString() => $"completed '{Game}'";
    }

    internal sealed record StreakCriterion(string Streak, int Length) : BadgeCriterion
    {
        internal override void Validate(ProgramCheck check, string path, GameRefs games)
        {
            if (Streak is null || !games.Streaks.Contains(Streak))
            {
                check.Fail(path + ".streak", $"'{Streak}' is not a streak of the program.");
            }

            if (Length < 2)
            {
                check.Fail(path + ".length", string.Create(CultureInfo.InvariantCulture, $"must be 2 or more, was {Length}."));
            }
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"streak '{Streak}' of {Length}");
    }

    internal sealed record TierCriterion(string Tier) : BadgeCriterion
    {
        internal override void Validate(ProgramCheck check, string path, GameRefs games) => check.Tier(path + ".tier", Tier);

        public override string ToString() => $"tier '{Tier}' reached";
    }

    internal sealed record LifetimeCriterion(ChallengeGoal Goal, decimal Count, string? Category, ActivityKind? Activity) : BadgeCriterion
    {
        internal override void Validate(ProgramCheck check, string path, GameRefs games)
        {
            if (!Enum.IsDefined(Goal))
            {
                check.Fail(path + ".goal", $"'{Goal}' is not a challenge goal.");
            }

            if (Count <= 0m || (Goal != ChallengeGoal.Spend && decimal.Truncate(Count) != Count))
            {
                check.Fail(path + ".count", string.Create(CultureInfo.InvariantCulture, $"must be {(Goal == ChallengeGoal.Spend ? "positive" : "a whole number, 1 or more")}, was {Count}."));
            }

            if ((Goal == ChallengeGoal.Activities) != (Activity is not null))
            {
                check.Fail(path + ".activity", Goal == ChallengeGoal.Activities ? "is required for an activities goal." : "is only for an activities goal.");
            }

            if (Category is not null && (string.IsNullOrWhiteSpace(Category) || Goal == ChallengeGoal.Activities))
            {
                check.Fail(path + ".category", Goal == ChallengeGoal.Activities ? "counts purchase lines: leave it out for an activities goal." : "must not be empty (leave it out for every line).");
            }
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"lifetime {Count} {Goal.ToString().ToLowerInvariant()}");
    }
}
