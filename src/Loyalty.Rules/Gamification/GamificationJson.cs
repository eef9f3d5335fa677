using System.Collections.Generic;
using System.Text.Json;
using NodaTime.Text;

namespace Loyalty.Rules;

// The JSON form of the games: "challenges", "stampCards", "streaks" and "badges".
internal sealed partial class ProgramJsonReader
{
    private void Games(JsonObjectReader o, LoyaltyProgramBuilder builder)
    {
        foreach (var (element, path) in o.Array("badges"))
        {
            if (Obj(element, path, "a badge") is { } badge)
            {
                builder.AddBadge(Badge(badge));
            }
        }

        foreach (var (element, path) in o.Array("challenges"))
        {
            if (Obj(element, path, "a challenge") is { } c)
            {
                var challenge = new Challenge
                {
                    Id = c.String("id", required: true) ?? "",
                    Name = c.String("name", required: true) ?? "",
                    Goal = c.Enum<ChallengeGoal>("goal", required: true) ?? ChallengeGoal.Purchases,
                    Target = c.Decimal("target", required: true) ?? 1m,
                    Category = c.String("category"),
                    Activity = c.Enum<ActivityKind>("activity"),
                    Window = c.Enum<CalendarPeriod>("window"),
                    From = c.Date("from"),
                    Until = c.Date("until"),
                    CompletionsPerWindow = c.Int("completionsPerWindow") ?? 1,
                    Reward = GameReward(c),
                    RequiresEnrolment = c.Bool("requiresEnrolment") ?? false,
                };
                c.Done();
                builder.AddChallenge(challenge);
            }
        }

        foreach (var (element, path) in o.Array("stampCards"))
        {
            if (Obj(element, path, "a stamp card") is { } s)
            {
                var card = new StampCard
                {
                    Id = s.String("id", required: true) ?? "",
                    Name = s.String("name", required: true) ?? "",
                    Every = s.Int("every", required: true) ?? 2,
                    Counting = s.Enum<StampCounting>("counting") ?? StampCounting.Items,
                    Category = s.String("category"),
                    Reward = GameReward(s),
                };
                s.Done();
                builder.AddStampCard(card);
            }
        }

        foreach (var (element, path) in o.Array("streaks"))
        {
            if (Obj(element, path, "a streak") is { } s)
            {
                var rewards = new List<StreakReward>();
                foreach (var (item, at) in s.Array("rewards", required: true))
                {
                    if (Obj(item, at, "a streak reward") is { } r)
                    {
                        rewards.Add(new StreakReward(r.Int("length", required: true) ?? 2, GameReward(r)));
                        r.Done();
                    }
                }

                var streak = new Streak
                {
                    Id = s.String("id", required: true) ?? "",
                    Name = s.String("name", required: true) ?? "",
                    Period = s.Enum<StreakPeriod>("period", required: true) ?? StreakPeriod.Day,
                    Category = s.String("category"),
                    Activity = s.Enum<ActivityKind>("activity"),
                    FreezesPerMonth = s.Int("freezesPerMonth") ?? 0,
                    Rewards = [.. rewards],
                };
                s.Done();
                builder.AddStreak(streak);
            }
        }
    }

    private GameReward GameReward(JsonObjectReader owner)
    {
        if (owner.Object("reward", "a game reward") is not { } o)
        {
            Fail(owner.Path + ".reward", "is required.");
            return new GameReward { Points = 1 }; // reported: the program is not built
        }

        var reward = new GameReward { Points = o.Long("points") ?? 0, RewardId = o.String("rewardId"), BadgeId = o.String("badgeId") };
        o.Done();
        return reward;
    }

    private Badge Badge(JsonObjectReader o)
    {
        BadgeCriterion? criterion = null;
        if (o.Object("criterion", "a badge criterion") is { } c)
        {
            criterion = c.String("kind", required: true) switch
            {
                "completed" => BadgeCriterion.Completed(c.String("game", required: true) ?? ""),
                "streak" => BadgeCriterion.StreakOf(c.String("streak", required: true) ?? "", c.Int("length", required: true) ?? 2),
                "tier" => BadgeCriterion.TierReached(c.String("tier", required: true) ?? ""),
                "lifetime" => BadgeCriterion.Lifetime(c.Enum<ChallengeGoal>("goal", required: true) ?? ChallengeGoal.Purchases, c.Decimal("count", required: true) ?? 1m, c.String("category"), c.Enum<ActivityKind>("activity")),
                null => null,
                var other => Unknown(c.Path + ".kind", other),
            };
            c.Done();
        }

        BadgeCriterion? Unknown(string path, string kind)
        {
            Fail(path, $"'{kind}' is not a badge criterion; use completed, streak, tier, lifetime.");
            return null;
        }

        var badge = new Badge { Id = o.String("id", required: true) ?? "", Name = o.String("name", required: true) ?? "", Criterion = criterion };
        o.Done();
        return badge;
    }
}

internal static partial class ProgramJsonWriter
{
    private static void Games(Utf8JsonWriter w, LoyaltyProgram program)
    {
        if (!program.Badges.IsEmpty)
        {
            w.WriteStartArray("badges");
            foreach (var badge in program.Badges)
            {
                w.WriteStartObject();
                w.WriteString("id", badge.Id);
                w.WriteString("name", badge.Name);
                if (badge.Criterion is { } criterion)
                {
                    w.WriteStartObject("criterion");
                    switch (criterion)
                    {
                        case BadgeCriterion.CompletedCriterion c:
                            w.WriteString("kind", "completed");
                            w.WriteString("game", c.Game);
                            break;
                        case BadgeCriterion.StreakCriterion s:
                            w.WriteString("kind", "streak");
                            w.WriteString("streak", s.Streak);
                            w.WriteNumber("length", s.Length);
                            break;
                        case BadgeCriterion.TierCriterion t:
                            w.WriteString("kind", "tier");
                            w.WriteString("tier", t.Tier);
                            break;
                        case BadgeCriterion.LifetimeCriterion l:
                            w.WriteString("kind", "lifetime");
                            w.WriteString("goal", ProgramJson.Name(l.Goal));
                            w.WriteNumber("count", l.Count);
                            Optional(w, "category", l.Category);
                            Optional(w, "activity", l.Activity);

                            break;
                    }

                    w.WriteEndObject();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        if (!program.Challenges.IsEmpty)
        {
            w.WriteStartArray("challenges");
            foreach (var c in program.Challenges)
            {
                w.WriteStartObject();
                w.WriteString("id", c.Id);
                w.WriteString("name", c.Name);
                w.WriteString("goal", ProgramJson.Name(c.Goal));
                w.WriteNumber("target", c.Target);
                Optional(w, "category", c.Category);
                Optional(w, "activity", c.Activity);

                if (c.Window is { } window)
                {
                    w.WriteString("window", ProgramJson.Name(window));
                }

                if (c.From is { } from)
                {
                    w.WriteString("from", LocalDatePattern.Iso.Format(from));
                }

                if (c.Until is { } until)
                {
                    w.WriteString("until", LocalDatePattern.Iso.Format(until));
                }

                if (c.CompletionsPerWindow != 1)
                {
                    w.WriteNumber("completionsPerWindow", c.CompletionsPerWindow);
                }

                GameReward(w, c.Reward);
                if (c.RequiresEnrolment)
                {
                    w.WriteBoolean("requiresEnrolment", true);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        if (!program.StampCards.IsEmpty)
        {
            w.WriteStartArray("stampCards");
            foreach (var s in program.StampCards)
            {
                w.WriteStartObject();
                w.WriteString("id", s.Id);
                w.WriteString("name", s.Name);
                w.WriteNumber("every", s.Every);
                w.WriteString("counting", ProgramJson.Name(s.Counting));
                Optional(w, "category", s.Category);
                GameReward(w, s.Reward);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        if (!program.Streaks.IsEmpty)
        {
            w.WriteStartArray("streaks");
            foreach (var s in program.Streaks)
            {
                w.WriteStartObject();
                w.WriteString("id", s.Id);
                w.WriteString("name", s.Name);
                w.WriteString("period", ProgramJson.Name(s.Period));
                Optional(w, "category", s.Category);
                Optional(w, "activity", s.Activity);

                if (s.FreezesPerMonth != 0)
                {
                    w.WriteNumber("freezesPerMonth", s.FreezesPerMonth);
                }

                w.WriteStartArray("rewards");
                foreach (var r in s.Rewards)
                {
                    w.WriteStartObject();
                    w.WriteNumber("length", r.Length);
                    GameReward(w, r.Reward);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }
    }

    private static void GameReward(Utf8JsonWriter w, GameReward reward)
    {
        w.WriteStartObject("reward");
        if (reward.Points.Value != 0)
        {
            w.WriteNumber("points", reward.Points.Value);
        }

        Optional(w, "rewardId", reward.RewardId);
        Optional(w, "badgeId", reward.BadgeId);
        w.WriteEndObject();
    }

    private static void Optional(Utf8JsonWriter w, string name, ActivityKind? value) => Optional(w, name, value is { } kind ? ProgramJson.Name(kind) : null);

    private static void Optional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }
}
