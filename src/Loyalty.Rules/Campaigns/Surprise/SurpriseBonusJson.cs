using System.Text.Json;

namespace Loyalty.Rules;

/// <summary>The JSON form of <see cref="SurpriseBonus"/>: kind <c>"surpriseBonus"</c>.</summary>
internal sealed class SurpriseBonusJson() : EarnKind<SurpriseBonus>(
    "surpriseBonus",
    "A chance to win fixed points, drawn from the transaction's seed; odds below 0.25 are refused.",
    """
    {
      "properties": {
        "points": { "type": "integer" },
        "odds": { "$ref": "#/definitions/decimal", "description": "The chance of winning, 0.25 to 1." }
      },
      "required": ["points", "odds"]
    }
    """)
{
    public override EarnPolicy Read(EarnReading reading, JsonObjectReader o, string id)
        => new SurpriseBonus { Id = id, Points = new Points(o.Long("points", required: true) ?? 0), Odds = o.Decimal("odds", required: true) ?? 1m };

    protected override void Write(Utf8JsonWriter w, SurpriseBonus surprise)
    {
        w.WriteNumber("points", surprise.Points.Value);
        w.WriteNumber("odds", surprise.Odds);
    }
}
