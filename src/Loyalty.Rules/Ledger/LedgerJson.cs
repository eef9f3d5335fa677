using System;
using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;

namespace Loyalty.Rules;

/// <summary>Source-generated JSON for accounts: no reflection, so trimming- and AOT-safe.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = false,
    Converters = [typeof(InstantJsonConverter), typeof(LocalDateJsonConverter), typeof(AnnualDateJsonConverter)])]
[JsonSerializable(typeof(MemberAccount))]
internal sealed partial class LedgerJson : JsonSerializerContext
{
}

/// <summary>Instants as ISO-8601 strings ("2026-03-10T16:00:00Z").</summary>
internal sealed class InstantJsonConverter : JsonConverter<Instant>
{
    public override Instant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        var parsed = InstantPattern.ExtendedIso.Parse(text ?? "");
        return parsed.Success ? parsed.Value : throw new JsonException($"'{text}' is not an ISO-8601 instant.");
    }

    public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options)
        => writer.WriteStringValue(InstantPattern.ExtendedIso.Format(value));
}

/// <summary>Local dates as ISO strings ("2026-03-10").</summary>
internal sealed class LocalDateJsonConverter : JsonConverter<LocalDate>
{
    public override LocalDate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        var parsed = LocalDatePattern.Iso.Parse(text ?? "");
        return parsed.Success ? parsed.Value : throw new JsonException($"'{text}' is not an ISO date.");
    }

    public override void Write(Utf8JsonWriter writer, LocalDate value, JsonSerializerOptions options)
        => writer.WriteStringValue(LocalDatePattern.Iso.Format(value));
}

/// <summary>Annual dates (birthdays) as ISO month-day strings ("03-10").</summary>
internal sealed class AnnualDateJsonConverter : JsonConverter<AnnualDate>
{
    public override AnnualDate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        var parsed = AnnualDatePattern.Iso.Parse(text ?? "");
        return parsed.Success ? parsed.Value : throw new JsonException($"'{text}' is not an ISO month and day.");
    }

    public override void Write(Utf8JsonWriter writer, AnnualDate value, JsonSerializerOptions options)
        => writer.WriteStringValue(AnnualDatePattern.Iso.Format(value));
}
