using System.Text.Json;

namespace Loyalty.Rules;

// The JSON form of activity rules.
internal sealed partial class ProgramJsonReader
{
    private ActivityRule Activity(JsonElement element, string path)
    {
        var o = Obj(element, path, "an activity rule");
        if (o is null)
        {
            return new ActivityRule { Id = $"\u0001{path}", Activity = ActivityKind.Review, Points = new Points(1) };
        }

        var rule = new ActivityRule
        {
            Id = o.String("id") ?? "",
            Description = o.String("description"),
            Activity = o.Enum<ActivityKind>("activity", required: true) ?? ActivityKind.Review,
            CustomName = o.String("customName"),
            Points = new Points(o.Long("points", required: true) ?? 0),
            OncePerMember = o.Bool("oncePerMember") ?? false,
            When = o.Object("when", "a condition") is { } w ? Condition(w) : null,
        };
        o.Done();
        return rule;
    }
}

internal static partial class ProgramJsonWriter
{
    private static void Activity(Utf8JsonWriter w, ActivityRule rule)
    {
        w.WriteStartObject();
        w.WriteString("id", rule.Id);
        if (rule.Description is not null)
        {
            w.WriteString("description", rule.Description);
        }

        w.WriteString("activity", ProgramJson.Name(rule.Activity));
        if (rule.CustomName is not null)
        {
            w.WriteString("customName", rule.CustomName);
        }

        w.WriteNumber("points", rule.Points.Value);
        if (rule.OncePerMember)
        {
            w.WriteBoolean("oncePerMember", true);
        }

        if (rule.When is { } when)
        {
            Condition(w, when);
        }

        w.WriteEndObject();
    }
}
