using System.Text.Json;

namespace Loyalty.Rules;

/// <summary>The JSON form of <see cref="TierCreditRule"/>: kind <c>"tierCredits"</c>.</summary>
internal sealed class TierCreditRuleJson() : EarnKind<TierCreditRule>(
    "tierCredits",
    "Tier credits, a second currency that is never redeemable.",
    """
    {
      "properties": {
        "creditsPerUnit": { "$ref": "#/definitions/decimal" },
        "fixedCredits": { "type": "integer" }
      }
    }
    """)
{
    public override EarnPolicy Read(EarnReading reading, JsonObjectReader o, string id)
        => new TierCreditRule { Id = id, CreditsPerUnit = o.Decimal("creditsPerUnit") ?? 0m, FixedCredits = new Points(o.Long("fixedCredits") ?? 0) };

    protected override void Write(Utf8JsonWriter w, TierCreditRule credits)
    {
        w.WriteNumber("creditsPerUnit", credits.CreditsPerUnit);
        w.WriteNumber("fixedCredits", credits.FixedCredits.Value);
    }
}
