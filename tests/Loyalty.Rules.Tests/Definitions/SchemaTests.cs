using System;
using System.IO;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NJsonSchema;
using Xunit;

namespace Loyalty.Rules.Tests.Definitions;

public class SchemaTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromJsonAsync(LoyaltyProgram.JsonSchema).GetAwaiter().GetResult());

    public static TheoryData<string> ProgramFiles()
        => [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "programs"), "*.json").Select(f => Path.GetFileName(f)).Where(f => !f.EndsWith(".schema.json", StringComparison.Ordinal))];

    /// <summary>
    /// The schema is generated from the kinds' codecs; the repository's file must be that text. After adding a kind,
    /// rewrite the file with <c>LOYALTY_WRITE_SCHEMA=1 dotnet test --filter TheSchemaInTheAssembly</c>.
    /// </summary>
    [Fact]
    public void TheSchemaInTheAssembly_IsTheRepositoryFile()
    {
        if (Environment.GetEnvironmentVariable("LOYALTY_WRITE_SCHEMA") == "1")
        {
            File.WriteAllText(RepositoryFile("src/Loyalty.Rules/Definitions/loyalty-program.schema.json"), LoyaltyProgram.JsonSchema);
            File.WriteAllText(RepositoryFile("samples/programs/loyalty-program.schema.json"), LoyaltyProgram.JsonSchema);
            File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "programs", "loyalty-program.schema.json"), LoyaltyProgram.JsonSchema);
        }

        Assert.Equal(File.ReadAllText(RepositoryFile("src/Loyalty.Rules/Definitions/loyalty-program.schema.json")), LoyaltyProgram.JsonSchema);
        Assert.Equal(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "programs", "loyalty-program.schema.json")), LoyaltyProgram.JsonSchema); // the copy beside the samples
        Assert.True(ProgramFiles().Count >= 4);
    }

    [Theory]
    [MemberData(nameof(ProgramFiles))]
    public void EverySampleProgram_IsValidAgainstTheSchema_Loads_AndIsCanonical(string file)
    {
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "programs", file));

        Assert.Empty(Schema.Value.Validate(json).Select(e => e.ToString()));
        Assert.Equal(json, TestData.AsSampleFile(LoyaltyProgram.FromJson(json).ToJson()));
    }

    private static string RepositoryFile(string path) => Path.Combine(AppContext.BaseDirectory, "../../../../..", path);

    [Fact]
    public void TheSchema_RefusesWhatTheLoaderRefuses()
    {
        var errors = Schema.Value.Validate("""{ "schemaVersion": 1, "id": "x", "currency": "usd", "timeZone": "UTC", "earn": [ { "kind": "bogus", "id": "b" } ], "colour": 1 }""");

        Assert.Equal(["currency", "earn[0]", "colour"], errors.Select(e => e.Path?.TrimStart('#', '/').Replace("/", ".", StringComparison.Ordinal) ?? "").Select(p => p.Replace(".0", "[0]", StringComparison.Ordinal)));
    }

    /// <summary>Whatever a valid program holds, what ToJson writes is valid against the schema (the two never drift).</summary>
    [Property(MaxTest = 1_000, Arbitrary = [typeof(DefinitionGenerators)])]
    public Property EveryWrittenProgram_IsValidAgainstTheSchema(DefinitionCase c)
    {
        var errors = Schema.Value.Validate(c.Program.ToJson());
        return (errors.Count == 0).Label(string.Join(Environment.NewLine, errors.Select(e => $"{e.Path}: {e.Kind}")));
    }
}
