using System.Text.Json;

namespace Loyalty.Rules;

/// <summary>The JSON form of <see cref="TierAccelerator"/>: kind <c>"tierAccelerator"</c>.</summary>
internal sealed class TierAcceleratorJson() : EarnKind<TierAccelerator>(
    "tierAccelerator",
    "Multiplies by the member's tier factor (empty: the ladder's earn multipliers).",
    """
    {
      "properties": {
        "factors": { "type": "object", "additionalProperties": { "$ref": "#/definitions/decimal" } }
      }
    }
    """)
{
    public override EarnPolicy Read(EarnReading reading, JsonObjectReader o, string id) => new TierAccelerator { Id = id, Factors = o.Decimals("factors") };

    protected override void Write(Utf8JsonWriter w, TierAccelerator accelerator) => ProgramJsonWriter.Decimals(w, "factors", accelerator.Factors);
}
