using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Loyalty.Rules.Testing;
using NodaTime;
using Xunit;

namespace Loyalty.Rules.Tests.Properties;

/// <summary>Programs with enough steps for the step index: the indexed total path must agree with running every step.</summary>
public class StepIndexProperties
{
    private static readonly string[] Skus = ["A", "B", "C", "D", "E", "X", "Y"];
    private static readonly string[] Categories = ["coffee", "food", "merch", "gift-card", "seasonal"];

    public static Arbitrary<LoyaltyScenario> BigPrograms() =>
        (from s in LoyaltyGenerators.Scenario(allowCaps: true)
         from fillers in Filler().ArrayOf(Gen.Choose(StepIndexMinimum, 40).Sample(1, 1)[0])
         from seed in Gen.Choose(0, 1_000_000)
         select s with { Program = Grow(s.Program, fillers, seed) }).ToArbitrary();

    private const int StepIndexMinimum = 12;

    [Property(MaxTest = 2_000, Arbitrary = [typeof(StepIndexProperties)])]
    public Property IndexedTotal_AgreesWithEveryStepRun(LoyaltyScenario s)
    {
        var full = s.Program.Evaluator.Evaluate(s.Transaction, s.Member);
        var indexed = s.Program.Evaluator.EvaluateTotal(s.Transaction, s.Member);
        return (full.Total == indexed.Points && full.ExactPoints == indexed.ExactPoints && full.CarriedFraction == indexed.CarriedFraction
                && full.EligibleSpend.Amount == indexed.EligibleSpend && full.Capped == indexed.Capped && full.TierCredits == indexed.TierCredits)
            .Label($"full {full.Total} ({full.ExactPoints}), indexed {indexed.Points} ({indexed.ExactPoints}){Environment.NewLine}{full}");
    }

    [Fact]
    public void ScalingProgram_OnW1_IndexedTotalsEqualFullEvaluation()
    {
        var program = Loyalty.Rules.Benchmarks.ScalingProgram.Build(1_000);
        foreach (var (t, m) in TestData.W1(2_000))
        {
            Assert.Equal(program.Evaluator.Evaluate(t, m).Total, program.Evaluator.EvaluateTotal(t, m).Points);
        }
    }

    private static Gen<EarnPolicy> Filler() =>
        from kind in Gen.Choose(0, 4)
        from sku in Gen.Elements(Skus)
        from category in Gen.Elements(Categories)
        from day in Gen.Choose(0, 3 * 365)
        from length in Gen.Choose(0, 10)
        from factor in Gen.Choose(50, 300)
        select kind switch
        {
            0 => (EarnPolicy)new Multiplier { Id = "_", Factor = factor / 100m, Skus = [sku] },
            1 => new PercentageBonus { Id = "_", Percent = factor / 10m, Categories = [category] },
            2 => new FixedBonus { Id = "_", Points = new Points(factor), When = new Condition { From = new LocalDate(2025, 1, 1).PlusDays(day), To = new LocalDate(2025, 1, 1).PlusDays(day + length) } },
            3 => new Multiplier { Id = "_", Factor = factor / 100m, When = new Condition { From = new LocalDate(2025, 1, 1).PlusDays(day), To = new LocalDate(2025, 1, 1).PlusDays(day + length) } },
            _ => new Multiplier { Id = "_", Factor = factor / 100m, Categories = [category], Skus = [sku], When = new Condition { DaysOfWeek = [IsoDayOfWeek.Tuesday] } },
        };

    private static LoyaltyProgram Grow(LoyaltyProgram program, EarnPolicy[] fillers, int seed)
    {
        var random = new Random(seed);
        var earn = program.Earn.Where(p => !p.IsCap).ToList();
        int n = 0;
        foreach (var filler in fillers)
        {
            earn.Insert(random.Next(earn.Count + 1), filler with { Id = $"f{n++}" });
        }

        var builder = new LoyaltyProgramBuilder(program.Id, program.Currency, program.TimeZone)
            .WithTiers([.. program.Tiers]).WithEarningBase(program.EarningBase).WithRounding(program.Rounding);
        foreach (var policy in earn.Concat(program.Earn.Where(p => p.IsCap)))
        {
            builder.AddPolicy(policy);
        }

        return builder.Build();
    }
}
