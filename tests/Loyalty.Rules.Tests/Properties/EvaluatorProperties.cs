using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Loyalty.Rules.Samples;
using Loyalty.Rules.Testing;
using Loyalty.Rules.Tests.Oracle;
using Xunit;

namespace Loyalty.Rules.Tests.Properties;

/// <summary>Invariants of evaluation over random programs of every policy kind, transactions and members.</summary>
public class EvaluatorProperties
{
    private const int Cases = 10_000;

    [Property(MaxTest = Cases, Arbitrary = [typeof(LoyaltyGenerators)])]
    public Property CompiledEvaluator_AgreesWithOracle(LoyaltyScenario s)
    {
        var expected = OracleEvaluator.Evaluate(s.Program, s.Transaction, s.Member);
        var total = s.Program.Evaluator.EvaluateTotal(s.Transaction, s.Member);
        var itemized = s.Program.Evaluator.Evaluate(s.Transaction, s.Member);
        return (total == expected
                && itemized.Total == expected.Points
                && itemized.ExactPoints == expected.ExactPoints
                && itemized.CarriedFraction == expected.CarriedFraction
                && itemized.Capped == expected.Capped
                && itemized.Items.Sum(i => i.Points) == itemized.Total.Value)
            .Label($"expected {expected}, total path {total}, itemized {itemized.Total} ({string.Join("; ", itemized.Items)})")
            .Classify(s.Program.Earn.Any(p => p is PolicyGroup), "has a group")
            .Classify(expected.Capped, "capped")
            .Classify(expected.Points.Value == 0, "zero points");
    }

    [Property(MaxTest = Cases, Arbitrary = [typeof(LoyaltyGenerators)])]
    public bool LineOrder_NeverChangesTheResult(LoyaltyScenario s)
    {
        var t = s.Transaction;
        var reversed = new Transaction(
            t.Id, t.MemberId, t.OccurredAt, t.Currency, t.Channel, t.Lines.Reverse(), t.OrderDiscount, t.Tax, t.Shipping, t.PaidWithPoints, t.StoreId, t.PartnerId, t.DrawSeed);
        return s.Program.Evaluator.EvaluateTotal(t, s.Member) == s.Program.Evaluator.EvaluateTotal(reversed, s.Member);
    }

    [Property(MaxTest = Cases, Arbitrary = [typeof(LoyaltyGenerators)])]
    public bool Totals_AreNeverNegative(LoyaltyScenario s) => s.Program.Evaluator.EvaluateTotal(s.Transaction, s.Member).Points.Value >= 0;

    /// <summary>
    /// Without caps, adding an eligible line never lowers the total. Three documented exceptions are left out of
    /// the generated cases: a first-match group whose higher-priority member starts to hold because spend grew
    /// (that is what first-match means); a best-of group followed by modifiers, since best-of chooses at its
    /// position and a later modifier can favour the member it did not choose; and order-level amounts, whose
    /// cent-exact proration may move one cent of base from a high-rate line to the new line.
    /// </summary>
    [Property(MaxTest = Cases)]
    public Property AddingAnEligibleLine_NeverLowersTheTotal_WithoutCaps()
    {
        var cases =
            from s in LoyaltyGenerators.Scenario(allowCaps: false)
            from extra in LoyaltyGenerators.Line()
            where !s.Program.EarningBase.ExcludedCategories.Contains(extra.Category ?? "")
            select (s, extra);
        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var (s, extra) = c;
            var t = s.Transaction;
            bool firstMatchWithThreshold = s.Program.Earn.Any(HasFirstMatchOverThreshold);
            bool bestOfThenModifier = BestOfFollowedByModifier(s.Program.Earn);
            var before = new Transaction(t.Id, t.MemberId, t.OccurredAt, t.Currency, t.Channel, t.Lines, tax: t.Tax, shipping: t.Shipping, storeId: t.StoreId, partnerId: t.PartnerId);
            var after = new Transaction(t.Id, t.MemberId, t.OccurredAt, t.Currency, t.Channel, t.Lines.Add(extra), tax: t.Tax, shipping: t.Shipping, storeId: t.StoreId, partnerId: t.PartnerId);
            var evaluator = s.Program.Evaluator;
            return (firstMatchWithThreshold || bestOfThenModifier || evaluator.EvaluateTotal(after, s.Member).Points >= evaluator.EvaluateTotal(before, s.Member).Points)
                .Classify(firstMatchWithThreshold, "first-match over a threshold (left out)")
                .Classify(bestOfThenModifier, "best-of followed by a modifier (left out)");
        });
    }

    [Fact]
    public void P1_OnAllOfW1_AgreesWithOracle()
    {
        var program = CoffeeProgram.Build();
        foreach (var (transaction, member) in TestData.W1())
        {
            Assert.Equal(OracleEvaluator.Evaluate(program, transaction, member), program.Evaluator.EvaluateTotal(transaction, member));
        }
    }

    private static bool BestOfFollowedByModifier(System.Collections.Generic.IEnumerable<EarnPolicy> pipeline)
    {
        bool bestOfSeen = false;
        foreach (var policy in Flatten(pipeline))
        {
            if (bestOfSeen && policy is LineScopedPolicy or TierAccelerator or TargetedOffer { Factor: not null })
            {
                return true;
            }

            bestOfSeen |= policy is PolicyGroup { Composition: Composition.BestOf };
        }

        return false;
    }

    private static System.Collections.Generic.IEnumerable<EarnPolicy> Flatten(System.Collections.Generic.IEnumerable<EarnPolicy> policies)
        => policies.SelectMany(p => p is PolicyGroup g ? Flatten(g.Policies).Prepend(p) : [p]);

    private static bool HasFirstMatchOverThreshold(EarnPolicy policy) => policy is PolicyGroup g
        && ((g.Composition == Composition.FirstMatch && g.Policies.Any(ContainsThreshold)) || g.Policies.Any(HasFirstMatchOverThreshold));

    private static bool ContainsThreshold(EarnPolicy policy)
        => policy is SpendThresholdBonus or TargetedOffer || (policy is PolicyGroup g && g.Policies.Any(ContainsThreshold)); // an offer has a minimum spend, or claims and pays nothing yet
}
