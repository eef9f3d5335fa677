using System.Text.Json;
using NodaTime.Text;

namespace Loyalty.Rules;

/// <summary>The JSON form of <see cref="TargetedOffer"/>: kind <c>"targetedOffer"</c>.</summary>
internal sealed class TargetedOfferJson() : EarnKind<TargetedOffer>(
    "targetedOffer",
    "A time-boxed offer (usually for segments): points or a factor, per-member limits, a campaign budget.",
    """
    {
      "properties": {
        "startsAt": { "type": "string", "description": "The first instant a purchase can use the offer (inclusive), ISO-8601." },
        "endsAt": { "type": "string", "description": "The instant the offer ends (exclusive), ISO-8601." },
        "points": { "type": "integer" },
        "factor": { "$ref": "#/definitions/decimal", "description": "A factor on the rate-earned points, more than 1." },
        "minSpend": { "$ref": "#/definitions/decimal" },
        "limit": {
          "type": "object",
          "properties": {
            "times": { "type": "integer", "minimum": 1 },
            "window": { "type": "string", "enum": ["month", "quarter", "week", "day", "year"] }
          },
          "additionalProperties": false,
          "required": ["times"],
          "description": "Uses per member, per calendar window of the program zone or in all."
        },
        "budget": {
          "type": "object",
          "properties": {
            "points": { "type": "integer", "minimum": 1 },
            "allowPartial": { "type": "boolean" }
          },
          "additionalProperties": false,
          "required": ["points"],
          "description": "At most this many points across all members; claims are decided and committed by the host."
        }
      },
      "required": ["startsAt", "endsAt"]
    }
    """)
{
    public override EarnPolicy Read(EarnReading reading, JsonObjectReader o, string id)
    {
        OfferLimit? limit = null;
        if (o.Object("limit", "an offer limit") is { } l)
        {
            limit = new OfferLimit(l.Int("times", required: true) ?? 1, l.Enum<CalendarPeriod>("window"));
            l.Done();
        }

        CampaignBudget? budget = null;
        if (o.Object("budget", "a campaign budget") is { } b)
        {
            budget = new CampaignBudget(new Points(b.Long("points", required: true) ?? 1), b.Bool("allowPartial") ?? false);
            b.Done();
        }

        return new TargetedOffer
        {
            Id = id,
            StartsAt = o.Instant("startsAt", required: true) ?? NodaTime.Instant.MinValue,
            EndsAt = o.Instant("endsAt", required: true) ?? NodaTime.Instant.MaxValue,
            Points = new Points(o.Long("points") ?? 0),
            Factor = o.Decimal("factor"),
            MinimumSpend = o.Decimal("minSpend") ?? 0m,
            Limit = limit,
            Budget = budget,
        };
    }

    protected override void Write(Utf8JsonWriter w, TargetedOffer offer)
    {
        w.WriteString("startsAt", InstantPattern.ExtendedIso.Format(offer.StartsAt));
        w.WriteString("endsAt", InstantPattern.ExtendedIso.Format(offer.EndsAt));
        if (offer.Factor is { } offerFactor)
        {
            w.WriteNumber("factor", offerFactor);
        }
        else
        {
            w.WriteNumber("points", offer.Points.Value);
        }

        w.WriteNumber("minSpend", offer.MinimumSpend);
        if (offer.Limit is { } limit)
        {
            w.WriteStartObject("limit");
            w.WriteNumber("times", limit.Times);
            if (limit.Window is { } window)
            {
                w.WriteString("window", ProgramJson.Name(window));
            }

            w.WriteEndObject();
        }

        if (offer.Budget is { } budget)
        {
            w.WriteStartObject("budget");
            w.WriteNumber("points", budget.Points.Value);
            w.WriteBoolean("allowPartial", budget.AllowPartial);
            w.WriteEndObject();
        }
    }
}
