using System;
using System.IO;
using System.Linq;
using Loyalty.Rules.Samples;
using NodaTime;
using Xunit;

namespace Loyalty.Rules.Tests.Definitions;

public class DefinitionTests
{
    private static string ProgramFile(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "programs", name));

    [Fact]
    public void P1File_IsWhatP1BuiltInCodeWrites()
    {
        Assert.Equal(TestData.AsSampleFile(CoffeeProgram.Build().ToJson()), ProgramFile("p1-coffee.json"));
    }

    [Fact]
    public void P1FromJson_EvaluatesW1ExactlyLikeP1BuiltInCode()
    {
        var fromCode = CoffeeProgram.Build();
        var fromJson = LoyaltyProgram.FromJson(ProgramFile("p1-coffee.json"));
        long code = 0, json = 0;
        foreach (var (transaction, member) in TestData.W1())
        {
            var a = fromCode.Evaluator.Evaluate(transaction, member);
            var b = fromJson.Evaluator.Evaluate(transaction, member);
            Assert.Equal(a.ToString(), b.ToString());
            code += a.Total.Value;
            json += b.Total.Value;
        }

        Assert.Equal(code, json);
        Assert.True(code > 0);
    }

    [Fact]
    public void Load_ReportsEveryProblemAtOnce_WithItsJsonPath()
    {
        const string json = """
            {
              "schemaVersion": 1,
              "id": "broken",
              "currency": "USD",
              "timeZone": "Mars/Olympus_Mons",
              "earn": [
                { "kind": "rate", "id": "base", "pointsPerUnit": -2 },
                { "kind": "bogus", "id": "b" },
                { "kind": "fixedBonus", "id": "base", "points": "ten" },
                { "kind": "multiplier", "id": "m", "factor": 2, "when": { "daysOfWeek": ["funday"] }, "colour": "red" }
              ],
              "tierLadder": {
                "tiers": [
                  { "id": "Gold", "thresholds": { "spend": 1000 } },
                  { "id": "Silver", "thresholds": { "spend": 350 } }
                ]
              }
            }
            """;

        var error = Assert.Throws<ProgramDefinitionException>(() => LoyaltyProgram.FromJson(json));

        Assert.Equal(
            [
                "$.timeZone: 'Mars/Olympus_Mons' is not a known IANA time zone (e.g. \"America/New_York\").",
                "$.earn[1].kind: 'bogus' is not an earn rule kind; the kinds are birthdayReward, cap, firstPurchaseBonus, fixedBonus, group, memberPeriodCap, multiplier, percentageBonus, rate, reactivationBonus, spendThresholdBonus, surpriseBonus, targetedOffer, tenureAccelerator, tierAccelerator, tierCredits.",
                "$.earn[2].points: must be a whole number, was the string \"ten\".",
                "$.earn[3].when.daysOfWeek[0]: 'funday' is not a day of the week; use monday, tuesday, wednesday, thursday, friday, saturday, sunday.",
                "$.earn[3].colour: is not a property of an earn rule.",
                "$.earn[0] (id 'base').pointsPerUnit: must not be negative, was -2.",
                "$.earn[2] (id 'base').id: 'base' is used by another rule; rule ids must be unique in a program.",
                "$.tierLadder.tiers[0].thresholds: the entry tier (the first) has no thresholds.",
                "$.tierLadder.tiers[1].thresholds.spend: 350 is below the tier under it (1000): thresholds must not fall as tiers rise.",
            ],
            error.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Load_AnUnsupportedSchemaVersion_SaysWhichItReads()
    {
        var error = Assert.Throws<ProgramDefinitionException>(() => LoyaltyProgram.FromJson("""{ "schemaVersion": 2, "id": "x" }"""));

        Assert.Equal("$.schemaVersion: version 2 is not supported: this library reads schemaVersion 1.", Assert.Single(error.Problems).ToString());
    }

    [Fact]
    public void Load_MalformedJson_IsADefinitionProblem()
    {
        var error = Assert.Throws<ProgramDefinitionException>(() => LoyaltyProgram.FromJson("""{ "schemaVersion": 1, "id": """));

        Assert.StartsWith("$: is not valid JSON:", Assert.Single(error.Problems).ToString());
    }

    [Theory]
    [InlineData("{ \"schemaVersion\": 1, \"id\": \"\\ud800\" }", "$: holds a string that is not valid Unicode")]
    [InlineData("{ \"schemaVersion\": 1, \"id\": \"\u00e9\" }", "$.currency: is required.")]
    public void Load_OddText_IsADefinitionProblem(string json, string first)
    {
        var error = Assert.Throws<ProgramDefinitionException>(() => LoyaltyProgram.FromJson(json));

        Assert.StartsWith(first, error.Problems[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RuleLotsForNoRule_AreReported()
    {
        var error = Assert.Throws<ProgramDefinitionException>(() => LoyaltyProgram.FromJson("""
            { "schemaVersion": 1, "id": "x", "currency": "USD", "timeZone": "UTC",
              "ruleLots": { " ": { "pendingDays": 1 }, "promo": { "pendingDays": -1, "expiry": { "kind": "fixedTerm", "term": "P30D" } } } }
            """));

        Assert.Equal(
            [
                "$.ruleLots[' ']: names no rule: a rule id is required.",
                "$.ruleLots['promo']: names no rule of the program.",
                "$.ruleLots['promo'].pendingDays: must not be negative, was -1.",
            ],
            error.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Load_BytesThatAreNotUtf8_IsADefinitionProblem()
    {
        var error = Assert.Throws<ProgramDefinitionException>(() => LoyaltyProgram.FromJson(new byte[] { 0x7B, 0x22, 0xC3, 0x28, 0x22, 0x7D }));

        Assert.Equal("$: is not valid UTF-8 text.", Assert.Single(error.Problems).ToString());
    }

    [Fact]
    public void Decimals_KeepTheScaleTheyWereWrittenWith_AsNumbersOrStrings()
    {
        var program = LoyaltyProgram.FromJson("""
            {
              "schemaVersion": 1, "id": "salad", "currency": "USD", "timeZone": "America/Chicago",
              "earn": [
                { "kind": "rate", "id": "base", "pointsPerUnit": "1.50" },
                { "kind": "spendThresholdBonus", "id": "spend-35", "minimumSpend": 35.000, "points": 5 }
              ]
            }
            """);

        Assert.Equal("1.50", ((EarnRate)program.Earn[0]).PointsPerUnit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("35.000", ((SpendThresholdBonus)program.Earn[1]).MinimumSpend.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("\"pointsPerUnit\": 1.50,", program.ToJson(), StringComparison.Ordinal);
        Assert.Contains("\"minimumSpend\": 35.000,", program.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_OfItsOwnOutput_IsByteIdentical()
    {
        var json = ProgramFile("p1-coffee.json");

        Assert.Equal(json, TestData.AsSampleFile(LoyaltyProgram.FromJson(json).ToJson()));
    }

    [Fact]
    public void SchemaReference_IsAllowedForEditors_NeverWritten_AndMustBeAString()
    {
        var json = ProgramFile("p1-coffee.json");
        Assert.Contains("\"$schema\": \"./loyalty-program.schema.json\"", json, StringComparison.Ordinal);

        Assert.DoesNotContain("$schema", LoyaltyProgram.FromJson(json).ToJson(), StringComparison.Ordinal);
        var error = Assert.Throws<ProgramDefinitionException>(() => LoyaltyProgram.FromJson(json.Replace("\"./loyalty-program.schema.json\"", "7", StringComparison.Ordinal)));
        Assert.Equal(["$.$schema: must be a string, was the number 7."], error.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void ValuesThatWouldOverflowLater_AreRefusedWhenTheProgramLoads_WithTheirPaths()
    {
        // Regression: a fraud window of P2147483647D threw a raw OverflowException; a rate of 2^63 loaded and then every
        // evaluation overflowed. Periods, rates, factors and awarded points are bounded at build time.
        var json = System.Text.Json.Nodes.JsonNode.Parse(ProgramFile("p1-coffee.json"))!.AsObject();
        json["fraud"]!["checks"]![1]!["window"] = "P2147483647D";
        json["earn"]![0]!["pointsPerUnit"] = System.Text.Json.Nodes.JsonValue.Create(9223372036854775808m);
        json["earn"]![2]!["factor"] = 1_000;
        json["earn"]![4]!["points"] = 9_000_000_000_000;
        json["ledger"]!["retention"] = "P200Y";

        var error = Assert.Throws<ProgramDefinitionException>(() => LoyaltyProgram.FromJson(json.ToJsonString()));

        Assert.Equal(
            [
                "$.ledger.retention: 'P200Y' is longer than 36525 days (100 years).",
                "$.fraud.checks[1].window: 'P2147483647D' is longer than 36525 days (100 years).",
                "$.earn[0] (id 'base-rate').pointsPerUnit: must be at most 10000, was 9223372036854775808.",
                "$.earn[2] (id 'double-tuesday').factor: must be at most 100, was 1000.",
                "$.earn[4] (id 'app-bonus').points: must be at most 1000000000, was 9000000000000.",
            ],
            error.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void TheBuilderBoundsTheSameValues()
    {
        var error = Assert.Throws<ProgramValidationException>(() => new LoyaltyProgramBuilder("x", "USD", DateTimeZone.Utc)
            .AddEarnRate("base", 20_000m)
            .WithLots(new LotPolicy { Expiry = ExpiryPolicy.FixedTerm(Period.FromYears(101)) })
            .Build());

        Assert.Equal(
            ["earn[0] (id 'base').pointsPerUnit: must be at most 10000, was 20000.", "lots.expiry.term: must be at most 36525 days (100 years), was P101Y."],
            error.Problems.Select(p => p.ToString()).Order(StringComparer.Ordinal));
    }
}
