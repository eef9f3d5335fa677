using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Loyalty.Rules.Testing;

namespace Loyalty.Rules.Tests.Definitions;

/// <summary>A program with every part the format holds, a transaction and a member to evaluate it on.</summary>
public sealed record DefinitionCase(LoyaltyProgram Program, Transaction Transaction, MemberContext Member)
{
    public override string ToString() => Program.ToJson() + Environment.NewLine + new LoyaltyScenario(Program, Transaction, Member);
}

/// <summary>A valid program file and edits that may break it: of its bytes, or of its values (still valid JSON).</summary>
public sealed record Mutation(byte[] Original, (int Kind, int At, int Length, byte Byte)[] Edits, bool OfValues)
{
    public byte[] Apply() => OfValues ? ApplyToValues() : ApplyToBytes();

    /// <summary>Replaces, removes or renames values in the document, so the loader's own checks are what fails.</summary>
    private byte[] ApplyToValues()
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(Original)!;
        foreach (var (kind, at, _, b) in Edits)
        {
            var nodes = new List<System.Text.Json.Nodes.JsonNode>();
            Collect(root, nodes);
            var node = nodes[at % nodes.Count];
            var parent = node.Parent;
            var token = System.Text.Json.Nodes.JsonNode.Parse(Values[b % Values.Length]);
            if (parent is System.Text.Json.Nodes.JsonObject obj)
            {
                string name = node.GetPropertyName();
                switch (kind % 3)
                {
                    case 0: obj.Remove(name); break;
                    case 1: obj[name] = token; break;
                    default: obj.Remove(name); obj[name + "x"] = node; break;
                }
            }
            else if (parent is System.Text.Json.Nodes.JsonArray array)
            {
                int index = node.GetElementIndex();
                if (kind % 2 == 0) { array.RemoveAt(index); } else { array[index] = token; }
            }
        }

        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    private static void Collect(System.Text.Json.Nodes.JsonNode node, List<System.Text.Json.Nodes.JsonNode> nodes)
    {
        if (node.Parent is not null)
        {
            nodes.Add(node);
        }

        if (node is System.Text.Json.Nodes.JsonObject obj)
        {
            foreach (var (_, child) in obj)
            {
                if (child is not null)
                {
                    Collect(child, nodes);
                }
            }
        }
        else if (node is System.Text.Json.Nodes.JsonArray array)
        {
            foreach (var child in array)
            {
                if (child is not null)
                {
                    Collect(child, nodes);
                }
            }
        }
    }

    private byte[] ApplyToBytes()
    {
        var bytes = Original.ToList();
        foreach (var (kind, at, length, b) in Edits)
        {
            int i = bytes.Count == 0 ? 0 : at % bytes.Count;
            int n = Math.Min(length, bytes.Count - i);
            switch (kind)
            {
                case 0: bytes.RemoveRange(i, n); break;
                case 1: bytes.Insert(i, b); break;
                case 2 when bytes.Count > 0: bytes[i] = b; break;
                case 3: bytes.InsertRange(i, bytes.GetRange(i, n)); break;
                default: bytes.InsertRange(i, Encoding.UTF8.GetBytes(Tokens[b % Tokens.Length])); break;
            }
        }

        return [.. bytes];
    }

    private static readonly string[] Values = ["-1", "0", "1e400", "\"\"", "null", "[]", "{}", "\"x\"", "99999999999999999999999", "\"P-1D\"", "true", "\"\\u0000\"", "1.5", "\"2026-13-45\"", "{\"kind\": \"group\"}", "\"hold\"", "\"never\""];

    private static readonly string[] Tokens = ["-1", "0", "1e400", "\"\"", "null", "[]", "{}", "\"x\"", ",", ":", "\"kind\": \"group\"", "99999999999999999999999", "\"P-1D\"", "true", "\"\\u0000\""];

    public override string ToString() => $"{Edits.Length} edits: {string.Join(", ", Edits)}{Environment.NewLine}{Encoding.UTF8.GetString(Apply())}";
}

public static class DefinitionGenerators
{
    public static Arbitrary<DefinitionCase> Cases() =>
        LoyaltyGenerators.CompleteScenario().Select(s => new DefinitionCase(s.Program, s.Transaction, s.Member)).ToArbitrary();

    public static Arbitrary<Mutation> Mutations() =>
        (from source in LoyaltyGenerators.Program(allowCaps: true).Select(p => p.ToJsonUtf8())
         from original in Gen.Frequency((1, Gen.Constant(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "programs", "p1-coffee.json")))), (1, Gen.Constant(source)))
         from count in Gen.Choose(1, 5)
         from edits in Gen.Choose(0, 4).Zip(Gen.Choose(0, int.MaxValue)).Zip(Gen.Choose(1, 40).Zip(Gen.Choose(0, 255))).ArrayOf(count)
         from ofValues in Gen.Elements(false, true, true)
         select new Mutation(original, [.. edits.Select(e => (e.Item1.Item1, e.Item1.Item2, e.Item2.Item1, (byte)e.Item2.Item2))], ofValues)).ToArbitrary();

}

public class DefinitionProperties
{
    private const int Cases = 10_000;

    /// <summary>
    /// Any valid program written to JSON and loaded again evaluates identically, and writing what was loaded gives
    /// the same bytes.
    /// </summary>
    [Property(MaxTest = Cases, Arbitrary = [typeof(DefinitionGenerators)])]
    public Property RoundTrip_EvaluatesIdentically_AndRewritesByteForByte(DefinitionCase c)
    {
        var json = c.Program.ToJson();
        var loaded = LoyaltyProgram.FromJson(json);
        var again = loaded.ToJson();
        if (again != json)
        {
            return false.Label($"rewritten JSON differs:{Environment.NewLine}{again}");
        }

        if (!loaded.Rewards.SequenceEqual(c.Program.Rewards) || !Equals(loaded.Reminders, c.Program.Reminders) || loaded.SpendReward != c.Program.SpendReward
            || loaded.ReferralPolicy?.Referee != c.Program.ReferralPolicy?.Referee)
        {
            return false.Label($"the catalog, reminders, spend or referee reward differ after loading:{Environment.NewLine}{json}");
        }

        if (!loaded.Challenges.SequenceEqual(c.Program.Challenges) || !loaded.StampCards.SequenceEqual(c.Program.StampCards)
            || !loaded.Streaks.SequenceEqual(c.Program.Streaks) || !loaded.Badges.SequenceEqual(c.Program.Badges))
        {
            return false.Label($"the games differ after loading:{Environment.NewLine}{json}");
        }

        var expected = c.Program.Evaluator.Evaluate(c.Transaction, c.Member);
        var actual = loaded.Evaluator.Evaluate(c.Transaction, c.Member);
        return (expected.ToString() == actual.ToString() && expected.CarriedFraction == actual.CarriedFraction && expected.TierCredits == actual.TierCredits)
            .Label($"evaluations differ:{Environment.NewLine}{expected}{Environment.NewLine}{actual}")
            .Classify(c.Program.Fraud.Checks.Length > 0, "fraud").Classify(c.Program.ReferralPolicy is not null, "referral")
            .Classify(c.Program.TierLadder is not null, "ladder").Classify(c.Program.Activities.Length > 0, "activities");
    }

    /// <summary>Any edit of a valid file loads, or fails with the library's definition exception, never another.</summary>
    [Property(MaxTest = Cases, Arbitrary = [typeof(DefinitionGenerators)])]
    public Property AnyMutation_LoadsOrFailsWithADefinitionException(Mutation mutation)
    {
        var bytes = mutation.Apply();
        try
        {
            LoyaltyProgram.FromJson(bytes);
            return true.ToProperty().Classify(true, "still loads").Classify(mutation.OfValues, "values edited");
        }
        catch (ProgramDefinitionException e)
        {
            return (e.Problems.Count > 0 && e.Problems.All(p => p.Path.StartsWith('$'))).Label("a definition exception without problems or paths")
                .Classify(e.Problems.Count > 1, "several problems").Classify(mutation.OfValues, "values edited");
        }
    }

    /// <summary>Any byte string at all: the same guarantee.</summary>
    [Property(MaxTest = Cases)]
    public bool AnyBytes_LoadOrFailWithADefinitionException(byte[] bytes)
    {
        try
        {
            LoyaltyProgram.FromJson(bytes);
            return true;
        }
        catch (ProgramDefinitionException)
        {
            return true;
        }
    }
}
