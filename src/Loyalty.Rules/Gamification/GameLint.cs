using System.Collections.Generic;
using System.Globalization;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>What the program check says of the games: a challenge whose window is shorter than its goal can need, or whose dates ended.</summary>
internal static class GameLint
{
    public static IEnumerable<LintFinding> Check(LoyaltyProgram program, LocalDate today)
    {
        for (int i = 0; i < program.Challenges.Length; i++)
        {
            var c = program.Challenges[i];
            string path = $"$.challenges[{i}]";
            if (c.Until is { } until && until < today)
            {
                yield return new(path + ".until", string.Create(CultureInfo.InvariantCulture, $"it ended on {until:uuuu-MM-dd}: nobody can complete it any more."));
            }

            if (c.Goal != ChallengeGoal.DistinctDays)
            {
                continue;
            }

            // The fewest local days a window can have: a day, a week, February, the shortest quarter, a common year.
            int? days = c.Window switch
            {
                CalendarPeriod.Day => 1,
                CalendarPeriod.Week => 7,
                CalendarPeriod.Month => 28,
                CalendarPeriod.Quarter => 90,
                CalendarPeriod.Year => 365,
                _ => null,
            };
            if (c.From is { } from && c.Until is { } end)
            {
                int span = Period.DaysBetween(from, end) + 1;
                days = days is { } d && d < span ? d : span;
            }

            if (days is { } fewest && c.Target > fewest)
            {
                string window = c.Window is { } w ? $"a {w.ToString().ToLowerInvariant()} can have {fewest}" : $"its dates hold {fewest}";
                yield return new(path + ".target", string.Create(CultureInfo.InvariantCulture, $"needs {c.Target} distinct days, but {window}: some windows (or all) can never complete it."));
            }
        }
    }
}
