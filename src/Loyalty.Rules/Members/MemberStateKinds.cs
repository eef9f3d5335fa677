using System;
using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Loyalty.Rules;

/// <summary>Every kind of state the account keeps for a feature: one line each. Declared in the feature's own folder.</summary>
internal static class MemberStateKinds
{
    public static ImmutableArray<MemberStateKind> All { get; } =
    [
        BirthdayRewardState.PaidYear,
        ActivityRuleState.PaidOnce,
        TargetedOfferState.Uses,
        MemberPeriodCapState.Tallies,
        SpendRewardState.Counter,
        DividendState.Spend,
        DividendState.PaidThrough,
        ReferralState.Payments,
    ];

    private static readonly FrozenDictionary<string, MemberStateKind> ByName = All.ToFrozenDictionary(k => k.Name, StringComparer.Ordinal);

    /// <summary>The kind stored under a JSON property name, or null.</summary>
    public static MemberStateKind? Named(string name) => ByName.TryGetValue(name, out var kind) ? kind : null;
}
