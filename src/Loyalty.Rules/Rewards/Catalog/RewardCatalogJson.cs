using System.Text.Json;
using NodaTime.Text;

namespace Loyalty.Rules;

// The JSON form of the reward catalog ("rewards") and of the expiry reminders ("reminders").
internal sealed partial class ProgramJsonReader
{
    private CatalogReward CatalogReward(JsonObjectReader o)
    {
        var limit = o.Object("limit", "a reward limit") is { } l ? Limit(l) : null;
        var reward = new CatalogReward
        {
            Id = o.String("id", required: true) ?? "",
            Name = o.String("name", required: true) ?? "",
            Points = o.Long("points", required: true) ?? 0,
            Price = o.Decimal("price") ?? 0m,
            Value = o.Decimal("value", required: true) ?? 0m,
            Product = o.String("product"),
            Tiers = [.. o.Strings("tiers")],
            Segments = [.. o.Strings("segments")],
            Channels = [.. o.Strings("channels")],
            AvailableFrom = o.Date("availableFrom"),
            AvailableUntil = o.Date("availableUntil"),
            Limit = limit,
            Stocked = o.Bool("stocked") ?? false,
            ValidForDays = o.Int("validForDays"),
        };
        o.Done();
        return reward;
    }

    private static RewardLimit Limit(JsonObjectReader o)
    {
        var limit = new RewardLimit(o.Int("count", required: true) ?? 1, o.Enum<CalendarPeriod>("period", required: true) ?? CalendarPeriod.Month);
        o.Done();
        return limit;
    }

    private ReminderPolicy Reminders(JsonObjectReader o)
    {
        var list = new System.Collections.Generic.List<int>();
        foreach (var (element, path) in o.Array("daysBefore", required: true))
        {
            list.Add(element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out int days) ? days : Wrong<int>(path, "a whole number of days", element) ?? 0);
        }

        var policy = new ReminderPolicy
        {
            DaysBefore = [.. list],
            Points = o.Bool("points") ?? true,
            Vouchers = o.Bool("vouchers") ?? true,
        };
        o.Done();
        return policy;
    }
}

internal static partial class ProgramJsonWriter
{
    private static void Rewards(Utf8JsonWriter w, LoyaltyProgram program)
    {
        if (program.Rewards.IsEmpty)
        {
            return;
        }

        w.WriteStartArray("rewards");
        foreach (var reward in program.Rewards)
        {
            w.WriteStartObject();
            w.WriteString("id", reward.Id);
            w.WriteString("name", reward.Name);
            w.WriteNumber("points", reward.Points.Value);
            if (reward.Price != 0m)
            {
                w.WriteNumber("price", reward.Price);
            }

            w.WriteNumber("value", reward.Value);
            if (reward.Product is { } product)
            {
                w.WriteString("product", product);
            }

            Strings(w, "tiers", reward.Tiers.IsDefault ? [] : reward.Tiers, skipEmpty: true);
            Strings(w, "segments", reward.Segments.IsDefault ? [] : reward.Segments, skipEmpty: true);
            Strings(w, "channels", reward.Channels.IsDefault ? [] : reward.Channels, skipEmpty: true);
            if (reward.AvailableFrom is { } from)
            {
                w.WriteString("availableFrom", LocalDatePattern.Iso.Format(from));
            }

            if (reward.AvailableUntil is { } until)
            {
                w.WriteString("availableUntil", LocalDatePattern.Iso.Format(until));
            }

            if (reward.Limit is { } limit)
            {
                w.WriteStartObject("limit");
                w.WriteNumber("count", limit.Count);
                w.WriteString("period", ProgramJson.Name(limit.Period));
                w.WriteEndObject();
            }

            if (reward.Stocked)
            {
                w.WriteBoolean("stocked", true);
            }

            if (reward.ValidForDays is { } days)
            {
                w.WriteNumber("validForDays", days);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void Reminders(Utf8JsonWriter w, ReminderPolicy? reminders)
    {
        if (reminders is null)
        {
            return;
        }

        w.WriteStartObject("reminders");
        w.WriteStartArray("daysBefore");
        foreach (int days in reminders.DaysBefore)
        {
            w.WriteNumberValue(days);
        }

        w.WriteEndArray();
        w.WriteBoolean("points", reminders.Points);
        w.WriteBoolean("vouchers", reminders.Vouchers);
        w.WriteEndObject();
    }
}
