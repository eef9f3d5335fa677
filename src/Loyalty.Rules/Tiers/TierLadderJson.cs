using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace Loyalty.Rules;

// The JSON form of the tier ladder.
internal sealed partial class ProgramJsonReader
{
    private TierLadder Ladder(JsonObjectReader o)
    {
        var tiers = new List<TierDefinition>();
        foreach (var (element, path) in o.Array("tiers", required: true))
        {
            if (Obj(element, path, "a tier") is not { } t)
            {
                tiers.Add(new TierDefinition { Id = $"\u0001{path}" });
                continue;
            }

            var thresholds = new Dictionary<TierMetric, decimal>();
            if (t.Object("thresholds", "tier thresholds") is { } th)
            {
                foreach (var property in th.Element.EnumerateObject())
                {
                    th.Known(property.Name);
                    var metric = Lookup<TierMetric>(property.Name, $"{th.Path}.{property.Name}", "tier metric");
                    if (metric is { } m && DecimalOf(property.Value, $"{th.Path}.{property.Name}") is { } value)
                    {
                        thresholds[m] = value;
                    }
                }
            }

            tiers.Add(new TierDefinition
            {
                Id = t.String("id") ?? "",
                Thresholds = thresholds,
                Qualification = t.Enum<TierQualification>("qualification") ?? TierQualification.All,
                EarnMultiplier = t.Decimal("earnMultiplier") ?? 1m,
                Perks = t.Strings("perks"),
                BirthdayReward = new Points(t.Long("birthdayReward") ?? 0),
                Lifetime = t.Bool("lifetime") ?? false,
            });
            t.Done();
        }

        var ladder = new TierLadder
        {
            Tiers = tiers,
            Window = o.Enum<TierWindow>("window") ?? TierWindow.CalendarYear,
            KeepUntilEndOfNextWindow = o.Bool("keepUntilEndOfNextWindow") ?? true,
            GraceDays = o.Int("graceDays") ?? 0,
            DropAtMostOneTier = o.Bool("dropAtMostOneTier") ?? false,
            TierCreditsPerPoint = o.Decimal("tierCreditsPerPoint") ?? 0m,
        };
        o.Done();
        return ladder;
    }
}

internal static partial class ProgramJsonWriter
{
    private static void Ladder(Utf8JsonWriter w, TierLadder ladder)
    {
        w.WriteStartObject("tierLadder");
        w.WriteString("window", ProgramJson.Name(ladder.Window));
        w.WriteBoolean("keepUntilEndOfNextWindow", ladder.KeepUntilEndOfNextWindow);
        w.WriteNumber("graceDays", ladder.GraceDays);
        w.WriteBoolean("dropAtMostOneTier", ladder.DropAtMostOneTier);
        w.WriteNumber("tierCreditsPerPoint", ladder.TierCreditsPerPoint);
        w.WriteStartArray("tiers");
        foreach (var tier in ladder.Tiers)
        {
            w.WriteStartObject();
            w.WriteString("id", tier.Id);
            w.WriteStartObject("thresholds");
            foreach (var (metric, value) in tier.Thresholds.OrderBy(t => t.Key))
            {
                w.WriteNumber(ProgramJson.Name(metric), value);
            }

            w.WriteEndObject();
            w.WriteString("qualification", ProgramJson.Name(tier.Qualification));
            w.WriteNumber("earnMultiplier", tier.EarnMultiplier);
            Strings(w, "perks", tier.Perks);
            w.WriteNumber("birthdayReward", tier.BirthdayReward.Value);
            w.WriteBoolean("lifetime", tier.Lifetime);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
