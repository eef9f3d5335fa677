using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;

namespace Loyalty.Rules.Testing;

/// <summary>The games of a program, as <see cref="LoyaltyGenerators.Games"/> makes them: add them to a builder with <see cref="AddTo"/>.</summary>
/// <param name="Badges">The badges (declared first: rewards name them).</param>
/// <param name="Challenges">The challenges.</param>
/// <param name="StampCards">The stamp cards.</param>
/// <param name="Streaks">The streaks.</param>
public sealed record GameSet(ImmutableArray<Badge> Badges, ImmutableArray<Challenge> Challenges, ImmutableArray<StampCard> StampCards, ImmutableArray<Streak> Streaks)
{
    /// <summary>Adds every game to <paramref name="builder"/>.</summary>
    /// <param name="builder">The program builder.</param>
    /// <returns>The builder.</returns>
    public LoyaltyProgramBuilder AddTo(LoyaltyProgramBuilder builder)
    {
        foreach (var badge in Badges)
        {
            builder.AddBadge(badge);
        }

        foreach (var challenge in Challenges)
        {
            builder.AddChallenge(challenge);
        }

        foreach (var card in StampCards)
        {
            builder.AddStampCard(card);
        }

        foreach (var streak in Streaks)
        {
            builder.AddStreak(streak);
        }

        return builder;
    }
}

/// <summary>Generators of challenges, stamp cards, streaks and badges.</summary>
public static partial class LoyaltyGenerators
{
    /// <summary>
    /// Valid games (ids <c>game-challenge-0</c>, <c>game-card-0</c>, <c>game-streak-0</c>, badges <c>badge-0</c>, ...):
    /// challenges of every goal in calendar or dated windows (some for enrolled members only), stamp cards by item or visit, streaks of days or weeks
    /// with freezes, and badges of every criterion; rewards in points, vouchers of <paramref name="rewardIds"/>, badges.
    /// </summary>
    /// <param name="rewardIds">The catalog's reward ids a game may pay a voucher of.</param>
    /// <param name="tiers">The program's tiers (a badge may be for reaching one).</param>
    /// <param name="most">The most games of each kind; 0 or more.</param>
    /// <returns>The generator.</returns>
    public static Gen<GameSet> Games(IReadOnlyList<string> rewardIds, IReadOnlyList<string> tiers, int most = 2) =>
        from challenges in Gen.Choose(0, most).SelectMany(n => Gen.ListOf(Challenge(rewardIds), n))
        from cards in Gen.Choose(0, most).SelectMany(n => Gen.ListOf(StampCard(rewardIds), n))
        from streaks in Gen.Choose(0, most).SelectMany(n => Gen.ListOf(Streak(rewardIds), n))
        from lifetime in Gen.Elements(ChallengeGoal.Purchases, ChallengeGoal.Items, ChallengeGoal.Spend)
        from tier in Gen.Elements<string?>([null, .. tiers.Skip(1)])
        select Assemble([.. challenges], [.. cards], [.. streaks], lifetime, tier);

    /// <summary>One valid challenge (id <c>challenge</c>; its reward's badge, if any, is <c>badge-reward</c>).</summary>
    /// <param name="rewardIds">The catalog's reward ids it may pay a voucher of.</param>
    /// <returns>The generator.</returns>
    public static Gen<Challenge> Challenge(IReadOnlyList<string> rewardIds) =>
        from goal in Gen.Elements(ChallengeGoal.Purchases, ChallengeGoal.Spend, ChallengeGoal.DistinctDays, ChallengeGoal.Items, ChallengeGoal.Activities)
        from target in Gen.Elements(1m, 2m, 3m, 5m)
        from category in Gen.Elements<string?>(null, "coffee")
        from window in Gen.Elements<CalendarPeriod?>(null, CalendarPeriod.Week, CalendarPeriod.Month, CalendarPeriod.Day)
        from dated in Gen.Elements(false, true)
        from completions in Gen.Elements(1, 1, 2)
        from enrolment in Gen.Elements(false, false, false, true)
        from reward in GameReward(rewardIds)
        select new Challenge
        {
            Id = "challenge",
            Name = $"{target} {goal}",
            Goal = goal,
            Target = goal == ChallengeGoal.Spend ? target * 12.50m : target,
            Category = goal == ChallengeGoal.Activities ? null : category,
            Activity = goal == ChallengeGoal.Activities ? ActivityKind.Review : null,
            Window = window,
            From = dated ? new LocalDate(2026, 1, 1) : null,
            Until = dated ? new LocalDate(2026, 12, 31) : null,
            CompletionsPerWindow = completions,
            Reward = reward,
            RequiresEnrolment = enrolment,
        };

    /// <summary>One valid stamp card (id <c>card</c>).</summary>
    /// <param name="rewardIds">The catalog's reward ids it may pay a voucher of.</param>
    /// <returns>The generator.</returns>
    public static Gen<StampCard> StampCard(IReadOnlyList<string> rewardIds) =>
        from every in Gen.Elements(2, 5, 10)
        from counting in Gen.Elements(StampCounting.Items, StampCounting.Visits)
        from category in Gen.Elements<string?>(null, "coffee")
        from reward in GameReward(rewardIds)
        select new StampCard { Id = "card", Name = $"every {every}", Every = every, Counting = counting, Category = category, Reward = reward };

    /// <summary>One valid streak (id <c>streak</c>).</summary>
    /// <param name="rewardIds">The catalog's reward ids it may pay a voucher of.</param>
    /// <returns>The generator.</returns>
    public static Gen<Streak> Streak(IReadOnlyList<string> rewardIds) =>
        from period in Gen.Elements(StreakPeriod.Day, StreakPeriod.Week)
        from activity in Gen.Elements(false, false, true)
        from freezes in Gen.Elements(0, 0, 1, 2)
        from first in GameReward(rewardIds)
        from second in GameReward(rewardIds)
        from lengths in Gen.Elements((2, 4), (3, 7), (3, 30))
        select new Streak
        {
            Id = "streak",
            Name = $"{period} streak",
            Period = period,
            Activity = activity ? ActivityKind.Review : null,
            Category = activity ? null : "coffee",
            FreezesPerMonth = freezes,
            Rewards = [new StreakReward(lengths.Item1, first), new StreakReward(lengths.Item2, second)],
        };

    /// <summary>A game's reward: points, a voucher of one of <paramref name="rewardIds"/>, the badge <c>badge-reward</c>, or points with either.</summary>
    /// <param name="rewardIds">The catalog's reward ids.</param>
    /// <returns>The generator.</returns>
    public static Gen<GameReward> GameReward(IReadOnlyList<string> rewardIds) =>
        from points in Gen.Elements(0L, 25L, 100L)
        from voucher in Gen.Elements<string?>([null, .. rewardIds])
        from badge in Gen.Elements(false, true)
        select points == 0 && voucher is null && !badge
            ? new GameReward { Points = 10 }
            : new GameReward { Points = points, RewardId = voucher, BadgeId = badge ? "badge-reward" : null };

    private static GameSet Assemble(List<Challenge> challenges, List<StampCard> cards, List<Streak> streaks, ChallengeGoal lifetime, string? tier)
    {
        var c = challenges.Select((g, i) => g with { Id = $"game-challenge-{i}" }).ToImmutableArray();
        var s = cards.Select((g, i) => g with { Id = $"game-card-{i}" }).ToImmutableArray();
        var k = streaks.Select((g, i) => g with { Id = $"game-streak-{i}" }).ToImmutableArray();
        var badges = ImmutableArray.CreateBuilder<Badge>();
        badges.Add(new Badge { Id = "badge-reward", Name = "Rewarded" });
        badges.Add(new Badge { Id = "badge-lifetime", Name = "Lifetime", Criterion = BadgeCriterion.Lifetime(lifetime, lifetime == ChallengeGoal.Spend ? 100m : 10m) });
        if (!c.IsEmpty)
        {
            badges.Add(new Badge { Id = "badge-completed", Name = "Completed", Criterion = BadgeCriterion.Completed(c[0].Id) });
        }

        if (!k.IsEmpty)
        {
            badges.Add(new Badge { Id = "badge-streak", Name = "Streak", Criterion = BadgeCriterion.StreakOf(k[0].Id, k[0].Rewards[0].Length) });
        }

        if (tier is not null)
        {
            badges.Add(new Badge { Id = "badge-tier", Name = "Tier", Criterion = BadgeCriterion.TierReached(tier) });
        }

        return new GameSet(badges.ToImmutable(), c, s, k);
    }
}
