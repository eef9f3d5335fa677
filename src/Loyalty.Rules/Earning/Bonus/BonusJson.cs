using System;
using System.Text.Json;

namespace Loyalty.Rules;

/// <summary>
/// The JSON form of the fixed bonuses, which differ only in their occasion: <c>"fixedBonus"</c> (when the condition
/// holds), <c>"firstPurchaseBonus"</c> and <c>"reactivationBonus"</c>; each is <c>{ "points": n }</c>.
/// </summary>
/// <typeparam name="TBonus">The bonus record.</typeparam>
internal sealed class BonusJson<TBonus>(string name, string description, Func<string, Points, TBonus> create, Func<TBonus, Points> points)
    : EarnKind<TBonus>(name, description, """
        {
          "properties": {
            "points": { "type": "integer" }
          },
          "required": ["points"]
        }
        """)
    where TBonus : EarnPolicy
{
    public override EarnPolicy Read(EarnReading reading, JsonObjectReader o, string id) => create(id, new Points(o.Long("points", required: true) ?? 0));

    protected override void Write(Utf8JsonWriter w, TBonus policy) => w.WriteNumber("points", points(policy).Value);
}

/// <summary>The codecs of the three bonus kinds.</summary>
internal static class BonusJson
{
    public static readonly EarnKind Fixed = new BonusJson<FixedBonus>(
        "fixedBonus", "Fixed points when the condition holds; never multiplied.", (id, p) => new FixedBonus { Id = id, Points = p }, b => b.Points);

    public static readonly EarnKind FirstPurchase = new BonusJson<FirstPurchaseBonus>(
        "firstPurchaseBonus", "Points on the member's first purchase.", (id, p) => new FirstPurchaseBonus { Id = id, Points = p }, b => b.Points);

    public static readonly EarnKind Reactivation = new BonusJson<ReactivationBonus>(
        "reactivationBonus", "Fixed points on a dormant member's first purchase back.", (id, p) => new ReactivationBonus { Id = id, Points = p }, b => b.Points);
}
