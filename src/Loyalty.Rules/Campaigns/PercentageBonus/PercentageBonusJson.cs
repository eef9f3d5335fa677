using System.Text.Json;

namespace Loyalty.Rules;

/// <summary>The JSON form of <see cref="PercentageBonus"/>: kind <c>"percentageBonus"</c>.</summary>
internal sealed class PercentageBonusJson() : EarnKind<PercentageBonus>(
    "percentageBonus",
    "Adds a percentage of the rate-earned points; percentages add up.",
    """
    {
      "properties": {
        "percent": { "$ref": "#/definitions/decimal" },
        "categories": { "type": "array", "items": { "type": "string" } },
        "skus": { "type": "array", "items": { "type": "string" } }
      },
      "required": ["percent"]
    }
    """)
{
    public override EarnPolicy Read(EarnReading reading, JsonObjectReader o, string id)
        => new PercentageBonus { Id = id, Percent = o.Decimal("percent", required: true) ?? 0m, Categories = o.Strings("categories"), Skus = o.Strings("skus") };

    protected override void Write(Utf8JsonWriter w, PercentageBonus percentage)
    {
        w.WriteNumber("percent", percentage.Percent);
        ProgramJsonWriter.LineScope(w, percentage);
    }
}
