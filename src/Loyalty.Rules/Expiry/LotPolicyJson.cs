using System.Buffers;
using System.Linq;
using System.Text.Json;

namespace Loyalty.Rules;

// The JSON form of lot policies and expiry policies: read with paths, written canonically.
internal sealed partial class ProgramJsonReader
{
    private LotPolicy Lots(JsonObjectReader o)
    {
        var lots = new LotPolicy
        {
            PendingDays = o.Int("pendingDays") ?? 0,
            Expiry = o.Object("expiry", "an expiry policy") is { } expiry ? Expiry(expiry) : ExpiryPolicy.Never,
        };
        o.Done();
        return lots;
    }

    private ExpiryPolicy Expiry(JsonObjectReader o)
    {
        string? kind = o.String("kind", required: true);
        ExpiryPolicy expiry;
        switch (kind)
        {
            case "never":
                expiry = ExpiryPolicy.Never;
                break;
            case "fixedTerm":
                expiry = ExpiryPolicy.FixedTerm(o.Period("term", required: true) ?? NodaTime.Period.FromDays(1));
                break;
            case "endOfPeriod":
                expiry = ExpiryPolicy.EndOfPeriod(o.Enum<CalendarPeriod>("period", required: true) ?? CalendarPeriod.Year, o.Int("periodsAfter") ?? 0);
                break;
            case "inactivity":
                expiry = ExpiryPolicy.Inactivity(o.Period("inactivity", required: true) ?? NodaTime.Period.FromDays(1));
                break;
            case "earliestOf":
                var policies = o.Array("policies").Select(p => Obj(p.Element, p.Path, "an expiry policy") is { } e ? Expiry(e) : ExpiryPolicy.Never).ToArray();
                expiry = ExpiryPolicy.EarliestOf(policies.Length == 0 ? [ExpiryPolicy.Never] : policies);
                if (policies.Length == 0)
                {
                    Fail(o.Path + ".policies", "earliest-of needs at least one policy.");
                }

                break;
            default:
                if (kind is not null)
                {
                    Fail(o.Path + ".kind", $"'{kind}' is not an expiry kind; the kinds are never, fixedTerm, endOfPeriod, inactivity, earliestOf.");
                }

                o.SkipRest();
                return ExpiryPolicy.Never;
        }

        o.Done();
        return expiry;
    }
}

internal static partial class ProgramJsonWriter
{
    private static void Lots(Utf8JsonWriter w, LotPolicy lots)
    {
        w.WriteStartObject();
        w.WriteNumber("pendingDays", lots.PendingDays);
        w.WritePropertyName("expiry");
        Expiry(w, lots.Expiry);
        w.WriteEndObject();
    }

    private static void Expiry(Utf8JsonWriter w, ExpiryPolicy expiry)
    {
        w.WriteStartObject();
        switch (expiry)
        {
            case ExpiryPolicy.FixedTermExpiry fixedTerm:
                w.WriteString("kind", "fixedTerm");
                w.WriteString("term", Period(fixedTerm.Term));
                break;
            case ExpiryPolicy.EndOfPeriodExpiry endOfPeriod:
                w.WriteString("kind", "endOfPeriod");
                w.WriteString("period", ProgramJson.Name(endOfPeriod.Period));
                w.WriteNumber("periodsAfter", endOfPeriod.PeriodsAfter);
                break;
            case ExpiryPolicy.AfterInactivity inactivity:
                w.WriteString("kind", "inactivity");
                w.WriteString("inactivity", Period(inactivity.Inactive));
                break;
            case ExpiryPolicy.EarliestExpiry earliest:
                w.WriteString("kind", "earliestOf");
                w.WriteStartArray("policies");
                foreach (var policy in earliest.Policies)
                {
                    Expiry(w, policy);
                }

                w.WriteEndArray();
                break;
            default:
                w.WriteString("kind", "never");
                break;
        }

        w.WriteEndObject();
    }
}
