using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Loyalty.Rules.Testing;
using NodaTime;

namespace Loyalty.Rules.Tests.Properties;

/// <summary>
/// Programs the integer plan can run (rates, multipliers on everything, tier accelerators, thresholds, fixed,
/// first-purchase and reactivation bonuses, caps; any rounding mode, per transaction): its totals must equal the decimal pipeline's.
/// </summary>
public class IntegerPlanProperties
{
    private static readonly string[] Categories = ["coffee", "food", "merch", "gift-card"];
    private static readonly string[] Channels = ["store", "app", "web"];

    public static Arbitrary<LoyaltyScenario> PlanPrograms() =>
        (from tiers in Gen.Choose(0, 3)
         from mode in Gen.Elements(Enum.GetValues<RoundingMode>())
         from excluded in Gen.Elements<string[]>([], ["gift-card"])
         from count in Gen.Choose(1, 8)
         from policies in Policy(tiers).ArrayOf(count)
         from cap in Gen.Elements<long?>(null, null, 50, 2_000)
         let program = Build(tiers, mode, excluded, policies, cap)
         from transaction in LoyaltyGenerators.Transaction("USD")
         from member in LoyaltyGenerators.Member(program)
         select new LoyaltyScenario(program, transaction, new MemberContext(member.MemberId, member.TierId, member.IsFirstPurchase, segments: member.Segments, isReactivation: member.IsReactivation))).ToArbitrary();

    /// <summary>The integer total path agrees with the decimal pipeline (the itemized path always runs the latter).</summary>
    [Property(MaxTest = 10_000, Arbitrary = [typeof(IntegerPlanProperties)])]
    public Property IntegerTotals_EqualDecimalPipeline(LoyaltyScenario s)
    {
        Loyalty.Rules.Accrual.IntegerPlan.GaveUp = 0;
        var total = s.Program.Evaluator.EvaluateTotal(s.Transaction, s.Member);
        bool inIntegers = Loyalty.Rules.Accrual.IntegerPlan.GaveUp == 0;
        var full = s.Program.Evaluator.Evaluate(s.Transaction, s.Member);
        bool integerBase = s.Transaction.OrderDiscount == 0m && s.Transaction.PaidWithPoints == 0m;
        return (s.Program.Evaluator.HasIntegerPlan && full.Total == total.Points && full.ExactPoints == total.ExactPoints && full.CarriedFraction == total.CarriedFraction
                && full.EligibleSpend.Amount == total.EligibleSpend && full.Capped == total.Capped)
            .Label($"integer {total.Points} ({total.ExactPoints}), decimal {full.Total} ({full.ExactPoints}){Environment.NewLine}{full}")
            .Classify(integerBase && inIntegers, "in integers")
            .Classify(integerBase && !inIntegers, "integer base, gave up (overflow or too many decimals)")
            .Classify(full.Capped, "capped");
    }

    [Xunit.Fact]
    public void P1_RunsAllOfW1InIntegers_AndProgramsWithOtherKindsDoNot()
    {
        var p1 = Loyalty.Rules.Samples.CoffeeProgram.Build();
        Xunit.Assert.True(p1.Evaluator.HasIntegerPlan);
        Loyalty.Rules.Accrual.IntegerPlan.GaveUp = 0;
        foreach (var (t, m) in TestData.W1(2_000))
        {
            var total = p1.Evaluator.EvaluateTotal(t, m);
            var full = p1.Evaluator.Evaluate(t, m);
            Xunit.Assert.Equal((full.Total, full.ExactPoints, full.EligibleSpend.Amount), (total.Points, total.ExactPoints, total.EligibleSpend));
        }

        Xunit.Assert.Equal(0, Loyalty.Rules.Accrual.IntegerPlan.GaveUp);

        var carried = new LoyaltyProgramBuilder("carry", "USD", DateTimeZoneProviders.Tzdb["UTC"]).AddEarnRate("base", 1m).WithRounding(new RoundingPolicy { CarryFraction = true }).Build();
        var percentage = new LoyaltyProgramBuilder("percent", "USD", DateTimeZoneProviders.Tzdb["UTC"]).AddEarnRate("base", 1m).AddPercentageBonus("ten", 10m, null).Build();
        var inexact = new LoyaltyProgramBuilder("third", "USD", DateTimeZoneProviders.Tzdb["UTC"]).AddEarnRate("base", 0.33333m).Build();
        Xunit.Assert.False(carried.Evaluator.HasIntegerPlan || percentage.Evaluator.HasIntegerPlan || inexact.Evaluator.HasIntegerPlan);
    }

    private static Gen<EarnPolicy> Policy(int tiers)
    {
        var kinds = new List<(int, Gen<EarnPolicy>)>
        {
            (4, from rate in Gen.Choose(0, 1_000)
                from merch in Gen.Choose(0, 500)
                from whole in Gen.Elements(false, false, true)
                from when in When()
                select (EarnPolicy)new EarnRate { Id = "_", PointsPerUnit = rate / 100m, CategoryRates = new Dictionary<string, decimal> { ["merch"] = merch / 100m }, PerWholeUnit = whole, When = when }),
            (3, from factor in Gen.Choose(0, 400)
                from when in When()
                select (EarnPolicy)new Multiplier { Id = "_", Factor = factor / 100m, When = when }),
            (2, from minimum in Gen.Choose(0, 10_000)
                from points in Gen.Choose(1, 500)
                from when in When()
                select (EarnPolicy)new SpendThresholdBonus { Id = "_", MinimumSpend = minimum / 100m, Points = new Points(points), When = when }),
            (2, from points in Gen.Choose(1, 500)
                from when in When()
                select (EarnPolicy)new FixedBonus { Id = "_", Points = new Points(points), When = when }),
            (1, from points in Gen.Choose(1, 500)
                select (EarnPolicy)new FirstPurchaseBonus { Id = "_", Points = new Points(points) }),
            (1, from points in Gen.Choose(1, 500)
                select (EarnPolicy)new ReactivationBonus { Id = "_", Points = new Points(points) }),
        };
        if (tiers > 0)
        {
            kinds.Add((2, from factors in Gen.Choose(100, 300).ArrayOf(tiers)
                          from named in Gen.Choose(1, tiers)
                          select (EarnPolicy)new TierAccelerator { Id = "_", Factors = Enumerable.Range(0, named).ToDictionary(i => $"T{i}", i => factors[i] / 100m) }));
        }

        return Gen.Frequency(kinds.ToArray());
    }

    private static Gen<Condition?> When() =>
        Gen.Frequency(
            (3, Gen.Constant<Condition?>(null)),
            (1, Gen.Elements(Channels).Select(c => (Condition?)new Condition { Channels = [c] })),
            (1, Gen.Elements(Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None).ToArray()).Select(d => (Condition?)new Condition { DaysOfWeek = [d] })));

    private static LoyaltyProgram Build(int tiers, RoundingMode mode, string[] excluded, EarnPolicy[] policies, long? cap)
    {
        var builder = new LoyaltyProgramBuilder("plan", "USD", DateTimeZoneProviders.Tzdb["America/New_York"])
            .WithTiers([.. Enumerable.Range(0, tiers).Select(i => $"T{i}")])
            .WithEarningBase(new EarningBase { ExcludedCategories = excluded })
            .WithRounding(new RoundingPolicy { Mode = mode, Scope = RoundingScope.PerTransaction });
        for (int i = 0; i < policies.Length; i++)
        {
            builder.AddPolicy(policies[i] with { Id = $"r{i}" });
        }

        if (cap is { } max)
        {
            builder.AddPolicy(new TransactionCap { Id = "cap", MaxPoints = new Points(max) });
        }

        return builder.Build();
    }
}
