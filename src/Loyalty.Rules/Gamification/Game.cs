using System;
using System.Collections.Immutable;
using System.Globalization;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>What kind of game a <see cref="GameProgress"/> is about.</summary>
public enum GameKind
{
    /// <summary>A <see cref="Rules.Challenge"/>.</summary>
    Challenge,

    /// <summary>A <see cref="Rules.StampCard"/>.</summary>
    StampCard,

    /// <summary>A <see cref="Rules.Streak"/>.</summary>
    Streak,

    /// <summary>A <see cref="Rules.Badge"/> earned by a lifetime count (<see cref="BadgeCriterion.Lifetime"/>).</summary>
    Badge,
}

/// <summary>
/// A challenge or a stamp card as the ledger counts it: what one purchase or activity adds, the window it adds to,
/// and how many completions a measure is worth. A stamp card is a challenge with one window for ever, no limit of
/// completions, and its card size as the target.
/// </summary>
internal sealed class Game
{
    private Game(string id, string name, GameKind kind, ChallengeGoal goal, decimal target, string? category, ActivityKind? activity, CalendarPeriod? window, LocalDate? from, LocalDate? until, int? limit, GameReward reward, bool enrolment = false)
        => (Id, Name, Kind, Goal, Target, Category, Activity, Window, From, Until, Limit, Reward, RequiresEnrolment) = (id, name, kind, goal, target, category, activity, window, from, until, limit, reward, enrolment);

    /// <summary>Whether only members enrolled take part.</summary>
    public bool RequiresEnrolment { get; }

    public string Id { get; }

    public string Name { get; }

    public GameKind Kind { get; }

    public ChallengeGoal Goal { get; }

    public decimal Target { get; }

    public string? Category { get; }

    public ActivityKind? Activity { get; }

    public CalendarPeriod? Window { get; }

    public LocalDate? From { get; }

    public LocalDate? Until { get; }

    /// <summary>Completions per window; null for no limit.</summary>
    public int? Limit { get; }

    public GameReward Reward { get; }

    /// <summary>The program's games: its challenges, its stamp cards, then the lifetime counts of its badges (under the id <c>badges/{id}</c>).</summary>
    public static ImmutableArray<Game> Of(ImmutableArray<Challenge> challenges, ImmutableArray<StampCard> cards, ImmutableArray<Badge> badges)
    {
        var games = ImmutableArray.CreateBuilder<Game>(challenges.Length + cards.Length + badges.Length);
        foreach (var c in challenges)
        {
            games.Add(new Game(c.Id, c.Name, GameKind.Challenge, c.Goal, c.Target, c.Category, c.Activity, c.Window, c.From, c.Until, c.CompletionsPerWindow, c.Reward, c.RequiresEnrolment));
        }

        foreach (var s in cards)
        {
            games.Add(new Game(s.Id, s.Name, GameKind.StampCard, s.Counting == StampCounting.Items ? ChallengeGoal.Items : ChallengeGoal.Purchases, s.Every, s.Category, null, null, null, null, null, s.Reward));
        }

        foreach (var badge in badges)
        {
            if (badge.Criterion is BadgeCriterion.LifetimeCriterion lifetime)
            {
                games.Add(new Game($"badges/{badge.Id}", badge.Name, GameKind.Badge, lifetime.Goal, lifetime.Count, lifetime.Category, lifetime.Activity, null, null, null, 1, new GameReward { BadgeId = badge.Id }));
            }
        }

        return games.ToImmutable();
    }

    /// <summary>Whether <paramref name="day"/> is in the game's dates.</summary>
    public bool Runs(LocalDate day) => (From is not { } from || day >= from) && (Until is not { } until || day <= until);

    /// <summary>The first day of the window <paramref name="day"/> counts in.</summary>
    public LocalDate WindowOf(LocalDate day) => Window is { } period ? ExpiryPolicy.PeriodStart(period, day) : From ?? LocalDate.MinIsoValue;

    /// <summary>The last day of the window that starts on <paramref name="start"/>, or null for no end.</summary>
    public LocalDate? LastDayOf(LocalDate start)
    {
        if (Window is not { } period)
        {
            return Until;
        }

        var last = ExpiryPolicy.PeriodStart(period, start, 1).PlusDays(-1);
        return Until is { } until && until < last ? until : last;
    }

    /// <summary>What a purchase (what is left of it, after a refund) adds: 0 when nothing of it counts.</summary>
    public decimal Of(Transaction? purchase, decimal eligibleSpend)
    {
        if (purchase is null || Goal == ChallengeGoal.Activities)
        {
            return 0m;
        }

        decimal items = 0m, amount = 0m;
        bool any = false;
        foreach (var line in purchase.Lines)
        {
            if (Category is null || string.Equals(line.Category, Category, StringComparison.Ordinal))
            {
                (items, amount, any) = (items + line.Quantity, amount + line.Amount, true);
            }
        }

        return Goal switch
        {
            ChallengeGoal.Items => items,
            ChallengeGoal.Spend => Category is null ? eligibleSpend : amount,
            _ => any ? 1m : 0m, // purchases, distinct days
        };
    }

    /// <summary>What an activity adds.</summary>
    public decimal Of(ActivityEvent activity) => Goal == ChallengeGoal.Activities && activity.Kind == Activity ? 1m : 0m;

    /// <summary>The completions a window's measure is worth.</summary>
    public int Completions(decimal measure)
    {
        decimal whole = decimal.Floor(measure / Target);
        return Limit is { } limit ? (int)Math.Min(limit, whole) : whole > int.MaxValue ? int.MaxValue : (int)whole;
    }

    /// <summary>How a measure reads ("3 days", "12.50 USD"; with <paramref name="more"/>: "3 more days", "12.50 USD more").</summary>
    public string Amount(decimal value, string currency, bool more = false) => Goal switch
    {
        ChallengeGoal.Spend => more ? $"{new Money(value, currency)} more" : new Money(value, currency).ToString(),
        ChallengeGoal.Purchases => Count(value, more, Kind == GameKind.StampCard ? "visit" : "purchase"),
        ChallengeGoal.DistinctDays => Count(value, more, "day"),
        ChallengeGoal.Items => Count(value, more, "item"),
        _ => Count(value, more, "activity", "activities"),
    };

    private static string Count(decimal value, bool more, string one, string? many = null)
        => string.Create(CultureInfo.InvariantCulture, $"{value:0.####} {(more ? "more " : "")}{(value == 1m ? one : many ?? one + "s")}");
}
