using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;

namespace Loyalty.Rules;

/// <summary>The local calendar unit a <see cref="Streak"/> counts in.</summary>
public enum StreakPeriod
{
    /// <summary>Local days.</summary>
    Day,

    /// <summary>ISO weeks, Monday to Sunday.</summary>
    Week,
}

/// <summary>What a <see cref="Streak"/> pays when a run of qualifying periods reaches <see cref="Length"/>.</summary>
/// <param name="Length">The run's length in periods; 2 or more.</param>
/// <param name="Reward">What it pays, once per run.</param>
public sealed record StreakReward(int Length, GameReward Reward);

/// <summary>
/// A streak: consecutive local days or weeks with a qualifying purchase (or activity), with rewards at lengths
/// (3, 7, 30). A missed period ends the run and the next qualifying one starts a new one (whose lengths pay again),
/// unless a freeze forgives it: at most <see cref="FreezesPerMonth"/> missed periods per calendar month (of the missed
/// period) are bridged, counting as neither qualified nor missed. What each event adds is kept, so a refund or a voided
/// hold that takes a period away takes back what the run no longer reaches.
/// </summary>
public sealed record Streak
{
    /// <summary>The id, unique among the program's rules and games.</summary>
    public required string Id { get; init; }

    /// <summary>The name members see, e.g. "Coffee streak".</summary>
    public required string Name { get; init; }

    /// <summary>Days or weeks.</summary>
    public required StreakPeriod Period { get; init; }

    /// <summary>For purchases, the category a line must be in to qualify (ordinal match); null for any purchase.</summary>
    public string? Category { get; init; }

    /// <summary>An activity kind that qualifies instead of purchases; null (the default) for purchases.</summary>
    public ActivityKind? Activity { get; init; }

    /// <summary>Missed periods forgiven per calendar month; 0 (the default) for none.</summary>
    public int FreezesPerMonth { get; init; }

    /// <summary>The rewards by run length, shortest first.</summary>
    public required ImmutableArray<StreakReward> Rewards { get; init; }

    /// <inheritdoc />
    public bool Equals(Streak? other)
        => other is not null && Id == other.Id && Name == other.Name && Period == other.Period && Category == other.Category && Activity == other.Activity
           && FreezesPerMonth == other.FreezesPerMonth && (Rewards.IsDefault ? [] : Rewards).SequenceEqual(other.Rewards.IsDefault ? [] : other.Rewards);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, Period);

    internal void Validate(ProgramCheck check, string path, GameRefs refs)
    {
        check.Id(path + ".id", Id);
        if (string.IsNullOrWhiteSpace(Name))
        {
            check.Fail(path + ".name", "is required.");
        }

        if (!Enum.IsDefined(Period))
        {
            check.Fail(path + ".period", $"'{Period}' is not a streak period.");
        }

        if (Category is not null && (string.IsNullOrWhiteSpace(Category) || Activity is not null))
        {
            check.Fail(path + ".category", Activity is not null ? "counts purchase lines: leave it out when an activity qualifies." : "must not be empty (leave it out for any purchase).");
        }

        if (FreezesPerMonth is < 0 or > 31)
        {
            check.Fail(path + ".freezesPerMonth", string.Create(CultureInfo.InvariantCulture, $"must be 0 to 31, was {FreezesPerMonth}."));
        }

        if (Rewards.IsDefaultOrEmpty)
        {
            check.Fail(path + ".rewards", "must list at least one length and its reward.");
            return;
        }

        for (int i = 0; i < Rewards.Length; i++)
        {
            string at = $"{path}.rewards[{i}]";
            if (Rewards[i] is not { } reward)
            {
                check.Fail(at, "is required, not null.");
                continue;
            }

            if (reward.Length < 2)
            {
                check.Fail(at + ".length", string.Create(CultureInfo.InvariantCulture, $"must be 2 or more, was {reward.Length}."));
            }
            else if (i > 0 && Rewards[i - 1] is { } before && reward.Length <= before.Length)
            {
                check.Fail(at + ".length", string.Create(CultureInfo.InvariantCulture, $"{reward.Length} must be longer than the length before it ({before.Length})."));
            }

            if (reward.Reward is null)
            {
                check.Fail(at + ".reward", "is required.");
            }
            else
            {
                reward.Reward.Validate(check, at + ".reward", refs);
            }
        }
    }

    /// <summary>Whether a purchase qualifies.</summary>
    internal bool Qualifies(Transaction purchase)
        => Activity is null && (Category is null || purchase.Lines.Any(l => string.Equals(l.Category, Category, StringComparison.Ordinal)));

    /// <summary>The first day of the period <paramref name="day"/> is in.</summary>
    internal NodaTime.LocalDate PeriodOf(NodaTime.LocalDate day) => ExpiryPolicy.PeriodStart(Period == StreakPeriod.Week ? CalendarPeriod.Week : CalendarPeriod.Day, day);

    /// <summary>The first day of the period <paramref name="n"/> periods after the one starting on <paramref name="start"/>.</summary>
    internal NodaTime.LocalDate Next(NodaTime.LocalDate start, int n = 1) => Period == StreakPeriod.Week ? start.PlusWeeks(n) : start.PlusDays(n);

    internal string Unit(int n) => string.Create(CultureInfo.InvariantCulture, $"{n} {(Period == StreakPeriod.Week ? "week" : "day")}{(n == 1 ? "" : "s")}");
}
