using System.Collections.Immutable;

namespace Loyalty.Rules;

/// <summary>What the account keeps for activity rules across events.</summary>
internal static class ActivityRuleState
{
    /// <summary>The once-per-member activity rules the member has been paid (sign-up, profile completed, ...).</summary>
    public static MemberStateKind<ImmutableArray<string>> PaidOnce { get; } = MemberStateKind.List("paidOnceRules", LedgerJson.Default.ImmutableArrayString, merge: static (mine, closed) => [.. System.Linq.Enumerable.Order(System.Linq.Enumerable.Union(mine, closed, System.StringComparer.Ordinal), System.StringComparer.Ordinal)]); // a once-per-member rule paid to either is paid
}
