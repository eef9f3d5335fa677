using System.Linq;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace Loyalty.Rules;

// The JSON form of conditions.
internal sealed partial class ProgramJsonReader
{
    private Condition Condition(JsonObjectReader o)
    {
        var condition = new Condition
        {
            From = o.Date("from"),
            To = o.Date("to"),
            DaysOfWeek = [.. o.Strings("daysOfWeek").Select((d, i) => DayOfWeek(d, $"{o.Path}.daysOfWeek[{i}]"))],
            Channels = o.Strings("channels"),
            Segments = o.Strings("segments"),
            Tiers = o.Strings("tiers"),
            Stores = o.Strings("stores"),
            Partners = o.Strings("partners"),
        };
        o.Done();
        return condition;
    }

    private IsoDayOfWeek DayOfWeek(string name, string path)
    {
        var days = new[] { IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday, IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday };
        foreach (var day in days)
        {
            if (ProgramJson.Name(day) == name)
            {
                return day;
            }
        }

        Fail(path, $"'{name}' is not a day of the week; use {string.Join(", ", days.Select(d => ProgramJson.Name(d)))}.");
        return IsoDayOfWeek.Monday;
    }
}

internal static partial class ProgramJsonWriter
{
    private static void Condition(Utf8JsonWriter w, Condition when)
    {
        w.WriteStartObject("when");
        if (when.From is { } from)
        {
            w.WriteString("from", LocalDatePattern.Iso.Format(from));
        }

        if (when.To is { } to)
        {
            w.WriteString("to", LocalDatePattern.Iso.Format(to));
        }

        Strings(w, "daysOfWeek", when.DaysOfWeek.Select(d => ProgramJson.Name(d)), skipEmpty: true);
        Strings(w, "channels", when.Channels, skipEmpty: true);
        Strings(w, "segments", when.Segments, skipEmpty: true);
        Strings(w, "tiers", when.Tiers, skipEmpty: true);
        Strings(w, "stores", when.Stores, skipEmpty: true);
        Strings(w, "partners", when.Partners, skipEmpty: true);
        w.WriteEndObject();
    }
}
