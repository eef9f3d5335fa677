using System;
using System.Collections.Generic;
using System.Globalization;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>What a <see cref="Challenge"/> counts toward its <see cref="Challenge.Target"/>.</summary>
public enum ChallengeGoal
{
    /// <summary>Purchases (with a line in <see cref="Challenge.Category"/>, when it names one).</summary>
    Purchases,

    /// <summary>Spend in the program currency: the purchase's eligible spend, or the amount of its lines in <see cref="Challenge.Category"/>.</summary>
    Spend,

    /// <summary>Distinct local days (program zone) with a purchase (with a line in <see cref="Challenge.Category"/>, when it names one).</summary>
    DistinctDays,

    /// <summary>Items bought: the quantities of the lines (in <see cref="Challenge.Category"/>, when it names one).</summary>
    Items,

    /// <summary>Activities of <see cref="Challenge.Activity"/>.</summary>
    Activities,
}

/// <summary>
/// A challenge (a mission): a goal over a window in the program zone, e.g. "buy coffee on 5 different days this week:
/// +100". What each purchase or activity adds is kept in the account; the reward is paid once when the target is
/// reached (at most <see cref="CompletionsPerWindow"/> times per window), by the event that reached it, whatever order
/// the window's events arrive in. A refund that takes the count back below the target takes the reward back.
/// </summary>
public sealed record Challenge
{
    /// <summary>The id, unique among the program's rules and games (the points' lots carry it as their rule).</summary>
    public required string Id { get; init; }

    /// <summary>The name members see, e.g. "Coffee week".</summary>
    public required string Name { get; init; }

    /// <summary>What counts.</summary>
    public required ChallengeGoal Goal { get; init; }

    /// <summary>How much completes it: purchases, items, days or activities (whole numbers), or spend; positive.</summary>
    public required decimal Target { get; init; }

    /// <summary>The category whose lines count (ordinal match); null for every line. Not for <see cref="ChallengeGoal.Activities"/>.</summary>
    public string? Category { get; init; }

    /// <summary>The activity kind counted by <see cref="ChallengeGoal.Activities"/> (required for it, not for the others).</summary>
    public ActivityKind? Activity { get; init; }

    /// <summary>The local calendar window progress is counted in (a week: Monday to Sunday); null for one window from <see cref="From"/> to <see cref="Until"/>.</summary>
    public CalendarPeriod? Window { get; init; }

    /// <summary>The first local date that counts, or null for no start.</summary>
    public LocalDate? From { get; init; }

    /// <summary>The last local date that counts, or null for no end.</summary>
    public LocalDate? Until { get; init; }

    /// <summary>How many times it can be completed per window (each time the target is reached again); default 1.</summary>
    public int CompletionsPerWindow { get; init; } = 1;

    /// <summary>What each completion pays.</summary>
    public required GameReward Reward { get; init; }

    /// <summary>
    /// Whether members opt in (<see cref="ChallengeEnrolmentEvent"/>): then only purchases and activities at or after
    /// the member's enrolment, and processed after it, count. Default false: every member takes part.
    /// </summary>
    public bool RequiresEnrolment { get; init; }

    internal void Validate(ProgramCheck check, string path, GameRefs refs)
    {
        check.Id(path + ".id", Id);
        if (string.IsNullOrWhiteSpace(Name))
        {
            check.Fail(path + ".name", "is required.");
        }

        if (!Enum.IsDefined(Goal))
        {
            check.Fail(path + ".goal", $"'{Goal}' is not a challenge goal.");
        }

        if (Target <= 0m || (Goal != ChallengeGoal.Spend && decimal.Truncate(Target) != Target))
        {
            check.Fail(path + ".target", string.Create(CultureInfo.InvariantCulture, $"must be {(Goal == ChallengeGoal.Spend ? "positive" : "a whole number, 1 or more")}, was {Target}."));
        }

        if (Goal == ChallengeGoal.Activities)
        {
            if (Activity is null)
            {
                check.Fail(path + ".activity", "is required for an activities goal.");
            }

            if (Category is not null)
            {
                check.Fail(path + ".category", "counts purchase lines: leave it out for an activities goal.");
            }
        }
        else if (Activity is not null)
        {
            check.Fail(path + ".activity", $"is only for an activities goal, not {Goal.ToString().ToLowerInvariant()}.");
        }

        if (Category is not null && string.IsNullOrWhiteSpace(Category))
        {
            check.Fail(path + ".category", "must not be empty (leave it out for every line).");
        }

        if (Window is { } window && !Enum.IsDefined(window))
        {
            check.Fail(path + ".window", $"'{window}' is not a calendar period.");
        }

        if (From is { } from && Until is { } until && until < from)
        {
            check.Fail(path + ".until", string.Create(CultureInfo.InvariantCulture, $"{until:uuuu-MM-dd} is before from {from:uuuu-MM-dd}."));
        }

        if (CompletionsPerWindow < 1)
        {
            check.Fail(path + ".completionsPerWindow", string.Create(CultureInfo.InvariantCulture, $"must be 1 or more, was {CompletionsPerWindow}."));
        }

        Reward?.Validate(check, path + ".reward", refs);
        if (Reward is null)
        {
            check.Fail(path + ".reward", "is required.");
        }
    }
}
