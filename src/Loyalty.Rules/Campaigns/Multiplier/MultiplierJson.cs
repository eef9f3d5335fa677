using System.Text.Json;

namespace Loyalty.Rules;

/// <summary>The JSON form of <see cref="Multiplier"/>: kind <c>"multiplier"</c>.</summary>
internal sealed class MultiplierJson() : EarnKind<Multiplier>(
    "multiplier",
    "Multiplies the rate-earned points so far (of some categories or skus only, if listed).",
    """
    {
      "properties": {
        "factor": { "$ref": "#/definitions/decimal" },
        "categories": { "type": "array", "items": { "type": "string" } },
        "skus": { "type": "array", "items": { "type": "string" } }
      },
      "required": ["factor"]
    }
    """)
{
    public override EarnPolicy Read(EarnReading reading, JsonObjectReader o, string id)
        => new Multiplier { Id = id, Factor = o.Decimal("factor", required: true) ?? 0m, Categories = o.Strings("categories"), Skus = o.Strings("skus") };

    protected override void Write(Utf8JsonWriter w, Multiplier multiplier)
    {
        w.WriteNumber("factor", multiplier.Factor);
        ProgramJsonWriter.LineScope(w, multiplier);
    }
}
