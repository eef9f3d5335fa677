using System.Text.Json;

namespace Loyalty.Rules;

/// <summary>The JSON form of <see cref="TransactionCap"/>: kind <c>"cap"</c>.</summary>
internal sealed class TransactionCapJson() : EarnKind<TransactionCap>(
    "cap",
    "At most this many points per transaction, after rounding; caps stand at the end.",
    """
    {
      "properties": {
        "maxPoints": { "type": "integer" }
      },
      "required": ["maxPoints"]
    }
    """)
{
    public override EarnPolicy Read(EarnReading reading, JsonObjectReader o, string id)
        => new TransactionCap { Id = id, MaxPoints = new Points(o.Long("maxPoints", required: true) ?? 0) };

    protected override void Write(Utf8JsonWriter w, TransactionCap cap) => w.WriteNumber("maxPoints", cap.MaxPoints.Value);
}
