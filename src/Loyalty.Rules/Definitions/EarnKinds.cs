using System;
using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Linq;

namespace Loyalty.Rules;

/// <summary>
/// The registry of earn policy kinds: one line per kind, in the order the schema lists them. The JSON reader and
/// writer and the schema go through it; nothing else in the library switches on kinds.
/// </summary>
internal static class EarnKinds
{
    public static readonly ImmutableArray<EarnKind> All =
    [
        new EarnRateJson(),
        new SpendThresholdBonusJson(),
        BonusJson.Fixed,
        BonusJson.Reactivation,
        new BirthdayRewardJson(),
        new TargetedOfferJson(),
        new SurpriseBonusJson(),
        BonusJson.FirstPurchase,
        new TransactionCapJson(),
        new MemberPeriodCapJson(),
        new MultiplierJson(),
        new PercentageBonusJson(),
        new TierAcceleratorJson(),
        new TenureAcceleratorJson(),
        new TierCreditRuleJson(),
        new PolicyGroupJson(),
    ];

    private static readonly FrozenDictionary<string, EarnKind> ByName = All.ToFrozenDictionary(k => k.Name, StringComparer.Ordinal);
    private static readonly FrozenDictionary<Type, EarnKind> ByType = All.ToFrozenDictionary(k => k.PolicyType);

    /// <summary>The kind named <paramref name="name"/> in the format, or null.</summary>
    public static EarnKind? Named(string name) => ByName.TryGetValue(name, out var kind) ? kind : null;

    /// <summary>The kind of a policy (every policy type of the library has one).</summary>
    public static EarnKind Of(EarnPolicy policy) => ByType[policy.GetType()];

    /// <summary>Every kind name, sorted (for messages).</summary>
    public static string Names => string.Join(", ", ByName.Keys.Order(StringComparer.Ordinal));
}
