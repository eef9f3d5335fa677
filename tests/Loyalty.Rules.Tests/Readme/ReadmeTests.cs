using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace Loyalty.Rules.Tests.Readme;

/// <summary>Every C# block of the repository's and the packages' READMEs is a region of <see cref="ReadmeSnippets"/>, character for character.</summary>
public partial class ReadmeTests
{
    private static string Repository(string path) => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../..", path));

    private static readonly string[] ReadmeFiles = ["README.md", "src/Loyalty.Rules/README.md", "src/Loyalty.Rules.DependencyInjection/README.md", "src/Loyalty.Rules.Testing/README.md"];

    public static TheoryData<string> Readmes() => [.. ReadmeFiles];

    /// <summary>The regions of the snippet tests, dedented.</summary>
    private static Dictionary<string, string> Snippets()
    {
        var source = File.ReadAllLines(Repository("tests/Loyalty.Rules.Tests/Readme/ReadmeSnippets.cs"));
        var snippets = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < source.Length; i++)
        {
            var start = Region().Match(source[i]);
            if (!start.Success)
            {
                continue;
            }

            int end = Array.FindIndex(source, i + 1, l => l.Trim() == "#endregion");
            var body = source[(i + 1)..end];
            int indent = body.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
            snippets.Add(start.Groups[1].Value, string.Join("\n", body.Select(l => l.Length >= indent ? l[indent..] : l.Trim())));
            i = end;
        }

        return snippets;
    }

    /// <summary>The C# blocks of a README, without their leading using directives (the test file has its own).</summary>
    private static List<string> Blocks(string readme)
    {
        var blocks = new List<string>();
        var lines = File.ReadAllLines(Repository(readme));
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i] != "```csharp")
            {
                continue;
            }

            int end = Array.IndexOf(lines, "```", i + 1);
            var body = lines[(i + 1)..end].SkipWhile(l => l.StartsWith("using ", StringComparison.Ordinal)).SkipWhile(l => l.Length == 0);
            blocks.Add(string.Join("\n", body));
            i = end;
        }

        return blocks;
    }

    [Theory]
    [MemberData(nameof(Readmes))]
    public void EveryCSharpBlock_IsASnippetTest_CharacterForCharacter(string readme)
    {
        var snippets = Snippets();
        var blocks = Blocks(readme);

        Assert.NotEmpty(blocks);
        foreach (var block in blocks)
        {
            Assert.True(snippets.ContainsValue(block), $"{readme} has a C# block that no region of ReadmeSnippets.cs holds:\n{block}");
        }
    }

    [Fact]
    public void EverySnippet_IsQuotedByAReadme()
    {
        var quoted = ReadmeFiles.SelectMany(Blocks).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(Snippets().Where(s => !quoted.Contains(s.Value)).Select(s => s.Key));
    }

    [GeneratedRegex(@"^\s*#region readme (.+)$")]
    private static partial Regex Region();
}
