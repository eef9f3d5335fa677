using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using FsCheck.Fluent;
using Loyalty.Rules.Testing;
using Loyalty.Rules.Tests.Oracle;
using Xunit;

namespace Loyalty.Rules.Tests.Definitions;

/// <summary>
/// Every earn policy kind of the library (found by reflection, here only) is complete: known to the registry, in the
/// schema, produced by the test kit's generators, round-tripped through JSON, and evaluated by the oracle exactly as
/// the compiled evaluator does. A kind missing from any of them fails here by name.
/// </summary>
public class KindCoverageTests
{
    public static TheoryData<string> Kinds()
        => [.. typeof(EarnPolicy).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(EarnPolicy)) && !t.IsAbstract).Select(t => t.Name).Order(StringComparer.Ordinal)];

    private static readonly Lazy<List<LoyaltyScenario>> Samples = new(() => LoyaltyGenerators.Scenario(allowCaps: true).Sample(3_000, 40).ToList());

    private static Type TypeOf(string name) => typeof(EarnPolicy).Assembly.GetTypes().Single(t => t.Name == name && t.IsSubclassOf(typeof(EarnPolicy)));

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryKind_IsInTheRegistryAndTheSchema(string name)
    {
        var kind = Assert.Single(EarnKinds.All, k => k.PolicyType == TypeOf(name));
        var schemaKinds = JsonNode.Parse(LoyaltyProgram.JsonSchema)!["definitions"]!["earnRule"]!["oneOf"]!.AsArray()
            .Select(rule => (string)rule!["properties"]!["kind"]!["enum"]![0]!);
        Assert.Contains(kind.Name, schemaKinds);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryKind_IsGenerated_RoundTripsThroughJson_AndAgreesWithTheOracle(string name)
    {
        var type = TypeOf(name);
        var cases = Samples.Value.Where(s => EarnPolicy.LeavesOf(s.Program.Earn).Concat(s.Program.Earn).Any(p => p.GetType() == type)).ToList();

        Assert.True(cases.Count >= 10, $"the generators produced {cases.Count} programs with a {name} in 3,000.");
        foreach (var s in cases)
        {
            string json = s.Program.ToJson();
            Assert.Equal(json, LoyaltyProgram.FromJson(json).ToJson());
            var expected = OracleEvaluator.Evaluate(s.Program, s.Transaction, s.Member);
            Assert.Equal(expected, s.Program.Evaluator.EvaluateTotal(s.Transaction, s.Member));
        }
    }
}
