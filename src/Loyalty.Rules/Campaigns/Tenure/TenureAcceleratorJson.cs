using System.Linq;
using System.Text.Json;

namespace Loyalty.Rules;

/// <summary>The JSON form of <see cref="TenureAccelerator"/>: kind <c>"tenureAccelerator"</c>.</summary>
internal sealed class TenureAcceleratorJson() : EarnKind<TenureAccelerator>(
    "tenureAccelerator",
    "Multiplies by a factor that grows with the member's complete years of membership.",
    """
    {
      "properties": {
        "steps": {
          "type": "array",
          "minItems": 1,
          "items": {
            "type": "object",
            "additionalProperties": false,
            "required": ["years", "factor"],
            "properties": {
              "years": { "type": "integer" },
              "factor": { "$ref": "#/definitions/decimal" }
            }
          }
        }
      },
      "required": ["steps"]
    }
    """)
{
    public override EarnPolicy Read(EarnReading reading, JsonObjectReader o, string id) => new TenureAccelerator
    {
        Id = id,
        Steps = [.. o.Array("steps", required: true).Select(s => reading.Object(s.Element, s.Path, "a tenure step") is { } step ? StepOf(step) : new TenureStep(1, 1m))],
    };

    protected override void Write(Utf8JsonWriter w, TenureAccelerator tenure)
    {
        w.WriteStartArray("steps");
        foreach (var step in tenure.Steps)
        {
            w.WriteStartObject();
            w.WriteNumber("years", step.Years);
            w.WriteNumber("factor", step.Factor);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static TenureStep StepOf(JsonObjectReader o)
    {
        var step = new TenureStep(o.Int("years", required: true) ?? 1, o.Decimal("factor", required: true) ?? 1m);
        o.Done();
        return step;
    }
}
