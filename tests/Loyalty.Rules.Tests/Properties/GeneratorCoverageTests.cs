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

            if (policy is TargetedOffer offer)
            {
                kinds.Add(offer.Factor is null ? "offer:points" : "offer:factor");
                kinds.Add(offer.Limit is null ? "offer:unlimited" : offer.Limit.Window is null ? "offer:limit in all" : "offer:limit per window");
                kinds.Add(offer.Budget is null ? "offer:no budget" : offer.Budget.AllowPartial ? "offer:partial budget" : "offer:whole budget");
            }
        }

        kinds.UnionWith(programs.Select(p => $"rounding:{p.Rounding.Mode}:{p.Rounding.Scope}"));

        string[] expected =
        [
            nameof(EarnRate), nameof(SpendThresholdBonus), nameof(FixedBonus), nameof(FirstPurchaseBonus), nameof(Multiplier),
            nameof(PercentageBonus), nameof(TierAccelerator), nameof(TenureAccelerator), nameof(SurpriseBonus), nameof(BirthdayReward), nameof(ReactivationBonus), nameof(TargetedOffer), nameof(TransactionCap), nameof(TierCreditRule), "group:Sum", "group:BestOf", "group:FirstMatch",
            "offer:points", "offer:factor", "offer:unlimited", "offer:limit in all", "offer:limit per window", "offer:no budget", "offer:partial budget", "offer:whole budget",
            "condition", "rounding:Floor:PerTransaction", "rounding:HalfEven:PerLine", "rounding:Ceiling:PerTransaction", "rounding:HalfUp:PerLine",
        ];
        Assert.Empty(expected.Except(kinds));
    }

    private static IEnumerable<EarnPolicy> Flatten(IEnumerable<EarnPolicy> policies)
        => policies.SelectMany(p => p is PolicyGroup g ? Flatten(g.Policies).Prepend(p) : [p]);
}
