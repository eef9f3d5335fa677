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
    Converters = [typeof(InstantJsonConverter)])]
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
