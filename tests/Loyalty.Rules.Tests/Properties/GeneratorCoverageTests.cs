using System.Collections.Generic;
using System.Linq;
using FsCheck.Fluent;
using Loyalty.Rules.Testing;
using Xunit;

namespace Loyalty.Rules.Tests.Properties;

/// <summary>The generators must produce every policy kind and composition, not only trivial programs.</summary>
public class GeneratorCoverageTests
{
    [Fact]
    public void Generators_ProduceEveryPolicyKindAndComposition()
    {
        var programs = LoyaltyGenerators.Program(allowCaps: true).Sample(400, 30);
        var kinds = new HashSet<string>();
        foreach (var policy in programs.SelectMany(p => Flatten(p.Earn)))
        {
            kinds.Add(policy is PolicyGroup g ? $"group:{g.Composition}" : policy.GetType().Name);
            if (policy.When is not null)
            {
                kinds.Add("condition");
            }
        }

        kinds.UnionWith(programs.Select(p => $"rounding:{p.Rounding.Mode}:{p.Rounding.Scope}"));

        string[] expected =
        [
            nameof(EarnRate), nameof(SpendThresholdBonus), nameof(FixedBonus), nameof(FirstPurchaseBonus), nameof(Multiplier),
            nameof(PercentageBonus), nameof(TierAccelerator), nameof(TenureAccelerator), nameof(SurpriseBonus), nameof(BirthdayReward), nameof(ReactivationBonus), nameof(TransactionCap), nameof(TierCreditRule), "group:Sum", "group:BestOf", "group:FirstMatch",
            "condition", "rounding:Floor:PerTransaction", "rounding:HalfEven:PerLine", "rounding:Ceiling:PerTransaction", "rounding:HalfUp:PerLine",
        ];
        Assert.Empty(expected.Except(kinds));
    }

    private static IEnumerable<EarnPolicy> Flatten(IEnumerable<EarnPolicy> policies)
        => policies.SelectMany(p => p is PolicyGroup g ? Flatten(g.Policies).Prepend(p) : [p]);
}
