using System.Linq;
using System.Text.Json;

namespace Loyalty.Rules;

/// <summary>The JSON form of <see cref="PolicyGroup"/>: kind <c>"group"</c>, whose members are earn rules again.</summary>
internal sealed class PolicyGroupJson() : EarnKind<PolicyGroup>(
    "group",
    "Rules composed: sum, best-of, or first-match by priority (exclusive).",
    """
    {
      "properties": {
        "composition": { "type": "string", "enum": ["sum", "bestOf", "firstMatch"] },
        "policies": { "type": "array", "items": { "$ref": "#/definitions/earnRule" } }
      },
      "required": ["composition", "policies"]
    }
    """)
{
    public override EarnPolicy Read(EarnReading reading, JsonObjectReader o, string id) => new PolicyGroup
    {
        Id = id,
        Composition = o.Enum<Composition>("composition", required: true) ?? Composition.Sum,
        Policies = [.. o.Array("policies").Select(p => reading.Earn(p.Element, p.Path))],
    };

    protected override void Write(Utf8JsonWriter w, PolicyGroup group)
    {
        w.WriteString("composition", ProgramJson.Name(group.Composition));
        w.WriteStartArray("policies");
        foreach (var member in group.Policies)
        {
            ProgramJsonWriter.Earn(w, member);
        }

        w.WriteEndArray();
    }
}
