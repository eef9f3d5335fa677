using System.Text.Json;

namespace Loyalty.Rules;

/// <summary>The JSON form of <see cref="BirthdayReward"/>: kind <c>"birthdayReward"</c>.</summary>
internal sealed class BirthdayRewardJson() : EarnKind<BirthdayReward>(
    "birthdayReward",
    "On the member's birthday (day, week or month in the program zone): points once a year, or a factor on every purchase.",
    """
    {
      "properties": {
        "points": { "type": "integer" },
        "window": { "type": "string", "enum": ["day", "week", "month"] },
        "factor": { "$ref": "#/definitions/decimal" }
      }
    }
    """)
{
    public override EarnPolicy Read(EarnReading reading, JsonObjectReader o, string id) => new BirthdayReward
    {
        Id = id,
        Window = o.Enum<BirthdayWindow>("window") ?? BirthdayWindow.Day,
        Points = new Points(o.Long("points") ?? 0),
        Factor = o.Decimal("factor"),
    };

    protected override void Write(Utf8JsonWriter w, BirthdayReward birthday)
    {
        w.WriteString("window", ProgramJson.Name(birthday.Window));
        if (birthday.Factor is { } factor)
        {
            w.WriteNumber("factor", factor);
        }
        else
        {
            w.WriteNumber("points", birthday.Points.Value);
        }
    }
}
