using System.Text.Json;

namespace Loyalty.Rules;

/// <summary>The JSON form of <see cref="SpendThresholdBonus"/>: kind <c>"spendThresholdBonus"</c>.</summary>
internal sealed class SpendThresholdBonusJson() : EarnKind<SpendThresholdBonus>(
    "spendThresholdBonus",
    "Points once eligible spend reaches the minimum (inclusive).",
    """
    {
      "properties": {
        "minimumSpend": { "$ref": "#/definitions/decimal" },
        "points": { "type": "integer" }
      },
      "required": ["minimumSpend", "points"]
    }
    """)
{
    public override EarnPolicy Read(EarnReading reading, JsonObjectReader o, string id)
        => new SpendThresholdBonus { Id = id, MinimumSpend = o.Decimal("minimumSpend", required: true) ?? 0m, Points = new Points(o.Long("points", required: true) ?? 0) };

    protected override void Write(Utf8JsonWriter w, SpendThresholdBonus threshold)
    {
        w.WriteNumber("minimumSpend", threshold.MinimumSpend);
        w.WriteNumber("points", threshold.Points.Value);
    }
}
