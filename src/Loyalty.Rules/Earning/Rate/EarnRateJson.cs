using System.Text.Json;

namespace Loyalty.Rules;

/// <summary>The JSON form of <see cref="EarnRate"/>: kind <c>"rate"</c>.</summary>
internal sealed class EarnRateJson() : EarnKind<EarnRate>(
    "rate",
    "Points per currency unit; the most specific rate wins: sku, then category, then this.",
    """
    {
      "properties": {
        "pointsPerUnit": { "$ref": "#/definitions/decimal" },
        "categoryRates": { "type": "object", "additionalProperties": { "$ref": "#/definitions/decimal" } },
        "skuRates": { "type": "object", "additionalProperties": { "$ref": "#/definitions/decimal" } },
        "perWholeUnit": { "type": "boolean" }
      },
      "required": ["pointsPerUnit"]
    }
    """)
{
    public override EarnPolicy Read(EarnReading reading, JsonObjectReader o, string id) => new EarnRate
    {
        Id = id,
        PointsPerUnit = o.Decimal("pointsPerUnit", required: true) ?? 0m,
        CategoryRates = o.Decimals("categoryRates"),
        SkuRates = o.Decimals("skuRates"),
        PerWholeUnit = o.Bool("perWholeUnit") ?? false,
    };

    protected override void Write(Utf8JsonWriter w, EarnRate rate)
    {
        w.WriteNumber("pointsPerUnit", rate.PointsPerUnit);
        ProgramJsonWriter.Decimals(w, "categoryRates", rate.CategoryRates);
        ProgramJsonWriter.Decimals(w, "skuRates", rate.SkuRates);
        w.WriteBoolean("perWholeUnit", rate.PerWholeUnit);
    }
}
