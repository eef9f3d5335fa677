using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace Loyalty.Rules;

/// <summary>Reads one JSON object of a program definition: typed properties with their paths (problems go to the owner, with a harmless default), and every property it did not expect.</summary>
internal sealed class JsonObjectReader(ProgramJsonReader owner, JsonElement element, string path, string what)
{
    private readonly HashSet<string> known = new(StringComparer.Ordinal);
    private bool skipRest;

    public JsonElement Element => element;

    public string Path => path;

    public void Known(string name) => known.Add(name);

    public bool Has(string name) => element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>After an unknown kind, its other properties are not reported one by one.</summary>
    public void SkipRest() => skipRest = true;

    public void Done()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                owner.Fail($"{path}.{property.Name}", "appears twice.");
            }
            else if (!skipRest && !known.Contains(property.Name))
            {
                owner.Fail($"{path}.{property.Name}", $"is not a property of {what}.");
            }
        }
    }

    public string? String(string name, bool required = false)
        => Get(name, required, JsonValueKind.String, "a string") is { } v ? v.GetString() : null;

    public bool? Bool(string name)
    {
        known.Add(name);
        if (!element.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : owner.Wrong<bool>($"{path}.{name}", "true or false", v);
    }

    public decimal? Decimal(string name, bool required = false)
        => Get(name, required, null, null) is { } v ? owner.DecimalOf(v, $"{path}.{name}") : null;

    public long? Long(string name, bool required = false)
        => Get(name, required, null, null) is { } v
            ? v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long l) ? l : owner.Wrong<long>($"{path}.{name}", "a whole number", v)
            : null;

    public int? Int(string name, bool required = false)
        => Get(name, required, null, null) is { } v
            ? v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) ? i : owner.Wrong<int>($"{path}.{name}", "a whole number (32-bit)", v)
            : null;

    public TEnum? Enum<TEnum>(string name, bool required = false)
        where TEnum : struct, Enum
        => String(name, required) is { } text ? owner.Lookup<TEnum>(text, $"{path}.{name}", ProgramJson.Camel(typeof(TEnum).Name)) : null;

    public LocalDate? Date(string name)
        => TryParse(name, LocalDatePattern.Iso, "an ISO date (\"2026-03-10\")", false, out var date) ? date : null;

    public Instant? Instant(string name, bool required = false)
        => TryParse(name, InstantPattern.ExtendedIso, "an ISO-8601 instant (\"2026-03-10T16:00:00Z\")", required, out var instant) ? instant : null;

    public Period? Period(string name, bool required = false)
    {
        if (!TryParse(name, PeriodPattern.Roundtrip, "an ISO period (\"P12M\", \"P90D\")", required, out var period))
        {
            return null;
        }

        if (ProgramLimits.TooLong(period))
        {
            owner.Fail($"{path}.{name}", $"'{period}' is longer than {ProgramLimits.MaxDays} days (100 years).");
            return null;
        }

        return period;
    }

    public Duration? Duration(string name, bool required = false)
    {
        var period = Period(name, required);
        if (period is null)
        {
            return null;
        }

        if (period.Years != 0 || period.Months != 0)
        {
            owner.Fail($"{path}.{name}", $"'{period}' is not exact elapsed time: use weeks, days, hours, minutes or seconds (\"PT1H\", \"P1D\").");
            return null;
        }

        return period.ToDuration();
    }

    public IReadOnlyList<string> Strings(string name)
    {
        var list = new List<string>();
        foreach (var (item, itemPath) in Array(name))
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                list.Add(item.GetString()!);
            }
            else
            {
                owner.Wrong<int>(itemPath, "a string", item);
            }
        }

        return list;
    }

    public IReadOnlyDictionary<string, decimal> Decimals(string name)
    {
        var values = new Dictionary<string, decimal>(StringComparer.Ordinal);
        if (Object(name, "an object of decimals") is { } o)
        {
            foreach (var property in o.Element.EnumerateObject())
            {
                o.Known(property.Name);
                if (owner.DecimalOf(property.Value, $"{o.Path}['{property.Name}']") is { } value)
                {
                    values[property.Name] = value;
                }
            }

            o.Done();
        }

        return values;
    }

    public JsonObjectReader? Object(string name, string of)
    {
        var v = Get(name, false, null, null);
        return v is null ? null : owner.Obj(v.Value, $"{path}.{name}", of);
    }

    public IEnumerable<(JsonElement Element, string Path)> Array(string name, bool required = false)
    {
        if (Get(name, required, JsonValueKind.Array, "an array") is not { } v)
        {
            return [];
        }

        return v.EnumerateArray().Select((item, i) => (item, $"{path}.{name}[{i}]")).ToList();
    }

    /// <summary>A string property in a NodaTime pattern: false (reported) when absent or malformed.</summary>
    private bool TryParse<T>(string name, IPattern<T> pattern, string expected, bool required, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out T value)
    {
        value = default;
        if (String(name, required) is not { } text)
        {
            return false;
        }

        var result = pattern.Parse(text);
        if (result.Success)
        {
            value = result.Value;
            return true;
        }

        owner.Fail($"{path}.{name}", $"'{ProgramJsonReader.Truncate(text)}' is not {expected}.");
        return false;
    }

    private JsonElement? Get(string name, bool required, JsonValueKind? kind, string? expected)
    {
        known.Add(name);
        if (!element.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                owner.Fail($"{path}.{name}", "is required.");
            }

            return null;
        }

        if (kind is { } k && v.ValueKind != k)
        {
            owner.Fail($"{path}.{name}", $"must be {expected}, was {ProgramJsonReader.Describe(v)}.");
            return null;
        }

        return v;
    }
}
