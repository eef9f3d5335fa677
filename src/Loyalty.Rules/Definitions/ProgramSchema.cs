using System;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Loyalty.Rules;

/// <summary>
/// The JSON Schema of the program format: the repository's <c>loyalty-program.schema.json</c> with its earn rules
/// written from <see cref="EarnKinds"/> (each kind's fragment plus the properties every kind shares), so a kind is
/// described where it is read and written. A test keeps the file equal to this text.
/// </summary>
internal static class ProgramSchema
{
    private static readonly Lazy<string> Text = new(Generate);

    public static string Json => Text.Value;

    private static string Generate()
    {
        using var stream = typeof(ProgramSchema).Assembly.GetManifestResourceStream("Loyalty.Rules.loyalty-program.schema.json")
            ?? throw new InvalidOperationException("The JSON Schema resource is missing from the assembly.");
        var schema = JsonNode.Parse(stream)!.AsObject();
        var kinds = new JsonArray();
        foreach (var kind in EarnKinds.All)
        {
            kinds.Add((JsonNode)EarnRule(kind));
        }

        schema["definitions"]!["earnRule"] = new JsonObject { ["oneOf"] = kinds };
        using var text = new MemoryStream();
        using (var w = new Utf8JsonWriter(text, new JsonWriterOptions { Indented = true, IndentSize = 2, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            schema.WriteTo(w);
        }

        return System.Text.Encoding.UTF8.GetString(text.ToArray()) + "\n";
    }

    private static JsonObject EarnRule(EarnKind kind)
    {
        var fragment = JsonNode.Parse(kind.Schema)!.AsObject();
        var properties = new JsonObject
        {
            ["kind"] = new JsonObject { ["enum"] = new JsonArray(kind.Name) },
            ["id"] = new JsonObject { ["type"] = "string" },
            ["description"] = new JsonObject { ["type"] = "string" },
            ["priority"] = new JsonObject { ["type"] = "integer" },
            ["stackable"] = new JsonObject
            {
                ["type"] = "boolean",
                ["description"] = "This rate rule may pay on the same lines as another (the program check then says nothing).",
            },
            ["when"] = new JsonObject { ["$ref"] = "#/definitions/condition" },
        };
        foreach (var (name, value) in fragment["properties"]!.AsObject())
        {
            properties[name] = value!.DeepClone();
        }

        properties["fundedBy"] = new JsonObject
        {
            ["type"] = "string",
            ["description"] = "Who funds these points when not the program's own brand (a coalition partner).",
        };
        var required = new JsonArray("kind", "id");
        if (fragment["required"] is JsonArray own)
        {
            foreach (var name in own)
            {
                required.Add(name!.DeepClone());
            }
        }

        return new JsonObject
        {
            ["type"] = "object",
            ["properties"] = properties,
            ["additionalProperties"] = false,
            ["required"] = required,
            ["description"] = kind.Description,
        };
    }
}
