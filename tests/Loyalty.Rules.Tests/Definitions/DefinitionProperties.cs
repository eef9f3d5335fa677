using Loyalty.Rules.Testing;
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

using NodaTime;

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
    private static readonly ExpiryPolicy[] Expiries =
    [
        ExpiryPolicy.Never,
        ExpiryPolicy.FixedTerm(Period.FromMonths(12)),
        ExpiryPolicy.FixedTerm(Period.FromDays(30)),
        ExpiryPolicy.EndOfPeriod(CalendarPeriod.Year, 1),
        ExpiryPolicy.EndOfPeriod(CalendarPeriod.Quarter, 0),
        ExpiryPolicy.Inactivity(Period.FromMonths(18)),
        ExpiryPolicy.EarliestOf(ExpiryPolicy.FixedTerm(Period.FromYears(2)), ExpiryPolicy.Inactivity(Period.FromWeeks(26))),
    ];

    public static Arbitrary<DefinitionCase> Cases() =>
        (from scenario in LoyaltyGenerators.Scenario(allowCaps: true)
         from version in Gen.Choose(1, 4)
         from effective in Gen.Elements<Instant?>(null, Instant.FromUtc(2026, 1, 1, 5, 0))
         from pending in Gen.Elements(0, 14)
         from expiry in Gen.Elements(Expiries)
         from ruleLots in Gen.Elements(false, true)
         from minimum in Gen.Elements(1L, 100L)
         from perUnit in Gen.Elements(100m, 50.0m, 1m)
         from shortfall in Gen.Elements(Enum.GetValues<RefundShortfall>())
         from retention in Gen.Elements(Period.FromDays(90), Period.FromMonths(6))
         from reward in Gen.Elements(false, true)
         from activities in Gen.Choose(0, 2)
         from ladder in Gen.Elements(false, true)
         from referral in Gen.Choose(0, 3)
         from fraud in Gen.Elements(false, true)
         from resolution in Gen.Elements(HoldResolution.Release, HoldResolution.Void)
         from lint in Gen.Elements<decimal?>(null, 4m, 2.5m)
         select new DefinitionCase(
             Rebuild(scenario.Program, b =>
             {
                 if (lint is { } ceiling)
                 {
                     b.WithLint(new LintPolicy { MaxStackedMultiplier = ceiling });
                 }

                 b.WithVersion(version).WithLots(new LotPolicy { PendingDays = pending, Expiry = expiry })
                     .WithRedemption(new RedemptionPolicy { Minimum = minimum, Increment = minimum, PointsPerCurrencyUnit = perUnit })
                     .WithLedger(new LedgerPolicy { Shortfall = shortfall, Retention = retention });
                 if (effective is { } start)
                 {
                     b.WithEffectiveFrom(start);
                 }

                 if (ruleLots && scenario.Program.Earn.FirstOrDefault(p => p is FixedBonus) is { } bonus)
                 {
                     b.WithRuleLots(bonus.Id, new LotPolicy { Expiry = ExpiryPolicy.FixedTerm(Period.FromDays(7)) });
                 }

                 if (reward)
                 {
                     b.WithSpendReward(new SpendReward { Step = 35.00m, RewardValue = 5m, Name = "salad" });
                 }

                 for (int i = 0; i < activities; i++)
                 {
                     b.AddActivity(new ActivityRule { Id = $"activity-{i}", Activity = i == 0 ? ActivityKind.Review : ActivityKind.Custom, CustomName = i == 0 ? null : "quiz", Points = new Points(10 + i), When = i == 0 ? null : new Condition { Channels = ["app"] } });
                 }

                 if (ladder && scenario.Program.Tiers.Length > 0)
                 {
                     b.WithTierLadder(new TierLadder
                     {
                         Window = TierWindow.Rolling12Months,
                         GraceDays = 30,
                         Tiers = [.. scenario.Program.Tiers.Select((t, i) => new TierDefinition
                         {
                             Id = t,
                             Thresholds = i == 0 ? new Dictionary<TierMetric, decimal>() : new Dictionary<TierMetric, decimal> { [TierMetric.Spend] = 100.00m * i, [TierMetric.Transactions] = 5 * i },
                             Qualification = TierQualification.Any,
                             EarnMultiplier = 1m + (0.25m * i),
                             Perks = i == 0 ? [] : ["lounge"],
                         })],
                     });
                 }

                 if (referral > 0)
                 {
                     b.WithReferral(new ReferralPolicy
                     {
                         Referrer = referral == 1 ? ReferralReward.OfPoints(500) : null,
                         Ladder = referral == 2 ? [new(1, 500), new(6, 750)] : [],
                         Referee = referral == 3 || referral == 2 ? ReferralReward.Named("free-drink", 4.50m) : null,
                         MaxPointsPerWindow = referral == 2 ? 5_000 : null,
                         Window = CalendarPeriod.Quarter,
                         Qualification = referral == 1 ? ReferralQualification.OnSignUp : ReferralQualification.FirstPurchase(10.00m, 30),
                     });
                 }

                 if (fraud)
                 {
                     b.WithHoldReview(new HoldReview(7, resolution))
                         .AddFraudCheck(new PointsCeiling(1500))
                         .AddFraudCheck(new Velocity(Duration.FromHours(1)) { MaxPurchases = 5, MaxPoints = 3000 })
                         .AddFraudCheck(new SpendCeiling(999.99m) { Action = FraudAction.Reject })
                         .AddFraudCheck(new SelfReferral { Actions = SelfReferralActions() })
                         .AddFraudCheck(new RedemptionVelocity(Duration.FromDays(1), 3));
                 }
             }),
             scenario.Transaction,
             scenario.Member)).ToArbitrary();

    public static Arbitrary<Mutation> Mutations() =>
        (from source in LoyaltyGenerators.Program(allowCaps: true).Select(p => p.ToJsonUtf8())
         from original in Gen.Frequency((1, Gen.Constant(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "programs", "p1-coffee.json")))), (1, Gen.Constant(source)))
         from count in Gen.Choose(1, 5)
         from edits in Gen.Choose(0, 4).Zip(Gen.Choose(0, int.MaxValue)).Zip(Gen.Choose(1, 40).Zip(Gen.Choose(0, 255))).ArrayOf(count)
         from ofValues in Gen.Elements(false, true, true)
         select new Mutation(original, [.. edits.Select(e => (e.Item1.Item1, e.Item1.Item2, e.Item2.Item1, (byte)e.Item2.Item2))], ofValues)).ToArbitrary();

    private static System.Collections.Immutable.ImmutableDictionary<FingerprintKind, FraudAction> SelfReferralActions()
        => new SelfReferral().Actions.Add(FingerprintKind.Device, FraudAction.Hold);

    private static LoyaltyProgram Rebuild(LoyaltyProgram program, Action<LoyaltyProgramBuilder> extras)
    {
        var builder = new LoyaltyProgramBuilder(program.Id, program.Currency, program.TimeZone)
            .WithTiers([.. program.Tiers])
            .WithEarningBase(program.EarningBase)
            .WithRounding(program.Rounding);
        foreach (var policy in program.Earn)
        {
            builder.AddPolicy(policy is EarnRate && policy.Id.EndsWith('1') ? policy with { Stackable = true } : policy);
        }

        extras(builder);
        return builder.Build();
    }
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

        var expected = c.Program.Evaluator.Evaluate(c.Transaction, c.Member);
        var actual = loaded.Evaluator.Evaluate(c.Transaction, c.Member);
        return (expected.ToString() == actual.ToString() && expected.CarriedFraction == actual.CarriedFraction && expected.TierCredits == actual.TierCredits)
            .Label($"evaluations differ:{Environment.NewLine}{expected}{Environment.NewLine}{actual}")
            .Classify(c.Program.Fraud.Checks.Length > 0, "fraud").Classify(c.Program.Referral is not null, "referral")
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
