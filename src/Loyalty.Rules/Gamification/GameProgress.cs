using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>
/// Where a member stands in one challenge or stamp card at an instant (<see cref="LedgerProcessor.ProgressOf"/>): done
/// of needed in the current window, the window's last day, and a text for the member, e.g.
/// "2 more days by Sunday 2026-12-06".
/// </summary>
public sealed record GameProgress
{
    internal GameProgress()
    {
    }

    /// <summary>A challenge or a stamp card.</summary>
    public GameKind Kind { get; init; }

    /// <summary>The game's id.</summary>
    public string Id { get; init; } = "";

    /// <summary>Its name.</summary>
    public string Name { get; init; } = "";

    /// <summary>What counts so far toward the next completion (all of <see cref="Needed"/> once no more completions are possible).</summary>
    public decimal Done { get; init; }

    /// <summary>What a completion needs (the target, or the card's size).</summary>
    public decimal Needed { get; init; }

    /// <summary>The completions paid in the current window (for a stamp card: full cards ever).</summary>
    public int Completions { get; init; }

    /// <summary>The last local date of the current window, or null when it has no end.</summary>
    public LocalDate? WindowEnds { get; init; }

    /// <summary>What completes it, for the member ("2 more days by Sunday 2026-12-06", "completed", "3 more items for the next reward").</summary>
    public string Text { get; init; } = "";

    /// <summary>The progress of every game of the program at <paramref name="at"/>.</summary>
    internal static ImmutableArray<GameProgress> Of(LoyaltyProgram program, MemberAccount account, Instant at)
    {
        var day = at.InZone(program.TimeZone).Date;
        var tallies = account.State.Get(GameState.Tallies);
        var progress = ImmutableArray.CreateBuilder<GameProgress>(program.Games.Length + program.Streaks.Length);
        foreach (var game in program.Games)
        {
            var window = game.WindowOf(day);
            var tally = tallies.FirstOrDefault(t => t.Game == game.Id && t.Window == window) ?? new GameTally(game.Id, window);
            decimal measure = tally.Measure(game);
            var item = new GameProgress { Kind = game.Kind, Id = game.Id, Name = game.Name, Needed = game.Target, Completions = tally.Paid, WindowEnds = game.LastDayOf(window) };
            if (game.RequiresEnrolment && !account.State.Get(GameState.Enrolments).Any(e => e.Challenge == game.Id))
            {
                item = item with { Text = "not enrolled: opt in to take part" };
            }
            else if (game.From is { } from && day < from)
            {
                item = item with { Completions = 0, Text = string.Create(CultureInfo.InvariantCulture, $"starts {from.DayOfWeek} {from:uuuu-MM-dd}") };
            }
            else if (game.Until is { } until && day > until)
            {
                item = item with { Text = string.Create(CultureInfo.InvariantCulture, $"ended {until.DayOfWeek} {until:uuuu-MM-dd}") };
            }
            else if (game.Limit is { } limit && tally.Paid >= limit)
            {
                item = item with { Id = game.Reward.BadgeId ?? game.Id, Done = game.Target, Text = game.Kind == GameKind.Badge ? "earned" : limit == 1 ? "completed" : string.Create(CultureInfo.InvariantCulture, $"completed {limit} times") };
            }
            else
            {
                decimal done = measure - (game.Target * tally.Paid);
                string more = game.Amount(game.Target - done, program.Currency, more: true);
                string text = game.Kind == GameKind.StampCard
                    ? string.Create(CultureInfo.InvariantCulture, $"{done:0.####} of {game.Target:0.####} stamped: {more} for the next reward")
                    : item.WindowEnds is { } last ? string.Create(CultureInfo.InvariantCulture, $"{more} by {last.DayOfWeek} {last:uuuu-MM-dd}") : more;
                item = item with { Id = game.Kind == GameKind.Badge ? game.Reward.BadgeId! : game.Id, Done = done, Text = text };
            }

            progress.Add(item);
        }

        var streaks = account.State.Get(StreakState.Tallies);
        foreach (var streak in program.Streaks)
        {
            progress.Add(Of(streak, streaks.FirstOrDefault(t => t.Streak == streak.Id) ?? new StreakTally(streak.Id), day));
        }

        return progress.MoveToImmutable();
    }

    /// <summary>A streak's progress on <paramref name="day"/>: the run still alive (its last period this one, or the one before, or bridged by a freeze left), and the next length that pays.</summary>
    private static GameProgress Of(Streak streak, StreakTally tally, LocalDate day)
    {
        var current = streak.PeriodOf(day);
        var runs = StreakRun.Of(streak, tally.Steps);
        var withCurrent = StreakRun.Of(streak, tally.Steps.Add(new GameStep("", current, 1m, false)));
        bool qualified = runs.Count > 0 && runs[^1].Last == current;
        int length = qualified ? runs[^1].Length : runs.Count > 0 && withCurrent[^1].Start == runs[^1].Start ? runs[^1].Length : 0;
        var next = streak.Rewards.FirstOrDefault(r => r.Length > length);
        var due = qualified ? streak.Next(current) : current; // the period that keeps it going
        var lastDay = streak.Next(due).PlusDays(-1);
        string by = string.Create(CultureInfo.InvariantCulture, $"{lastDay.DayOfWeek} {lastDay:uuuu-MM-dd}");
        string text = (length, next) switch
        {
            (0, _) => $"no streak yet: qualify by {by} to start one",
            (_, null) => $"{streak.Unit(length)} in a row: every reward reached; keep it by {by}",
            _ => $"{streak.Unit(length)} in a row: {streak.Unit(next.Length - length)} more for the next reward; keep it by {by}",
        };
        return new GameProgress
        {
            Kind = GameKind.Streak,
            Id = streak.Id,
            Name = streak.Name,
            Done = length,
            Needed = next?.Length ?? length,
            Completions = tally.Paid.Length,
            WindowEnds = lastDay,
            Text = text,
        };
    }
}
