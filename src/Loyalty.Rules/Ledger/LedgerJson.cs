using System;
using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;

namespace Loyalty.Rules;

/// <summary>A NodaTime value as a string in one of NodaTime's patterns.</summary>
internal abstract class PatternJsonConverter<T>(IPattern<T> pattern, string expected) : JsonConverter<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        var parsed = pattern.Parse(text ?? "");
        return parsed.Success ? parsed.Value : throw new JsonException($"'{text}' is not {expected}.");
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        => writer.WriteStringValue(pattern.Format(value));
}

/// <summary>Instants as ISO-8601 strings ("2026-03-10T16:00:00Z").</summary>
internal sealed class InstantJsonConverter() : PatternJsonConverter<Instant>(InstantPattern.ExtendedIso, "an ISO-8601 instant");

/// <summary>Local dates as ISO strings ("2026-03-10").</summary>
internal sealed class LocalDateJsonConverter() : PatternJsonConverter<LocalDate>(LocalDatePattern.Iso, "an ISO date");

/// <summary>Annual dates (birthdays) as ISO month-day strings ("03-10").</summary>
internal sealed class AnnualDateJsonConverter() : PatternJsonConverter<AnnualDate>(AnnualDatePattern.Iso, "an ISO month and day");

/// <summary>Points as a plain JSON integer (<c>120</c>), as accounts have always stored them, in any serializer a host uses.</summary>
internal sealed class PointsJsonConverter : JsonConverter<Points>
{
    public override Points Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetInt64());

    public override void Write(Utf8JsonWriter writer, Points value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Value);
}
