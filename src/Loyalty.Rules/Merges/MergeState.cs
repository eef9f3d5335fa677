using System.Collections.Immutable;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>Where a closed account's points went.</summary>
/// <param name="IntoMemberId">The account that absorbs it.</param>
/// <param name="At">When it was closed.</param>
/// <param name="MergeId">The merge.</param>
internal sealed record AccountClosure(string IntoMemberId, Instant At, string MergeId);

/// <summary>What accounts keep of merges.</summary>
internal static class MergeState
{
    /// <summary>For an account closed by a merge, where it went; else null. A closed account takes no more events.</summary>
    public static MemberStateKind<AccountClosure?> Closed { get; } = new("closed", null, LedgerJson.Default.AccountClosure);

    /// <summary>The member ids of the accounts this one absorbed (their events, such as a refund of their purchase, now come here).</summary>
    public static MemberStateKind<ImmutableArray<string>> Absorbed { get; } = MemberStateKind.List("absorbed", LedgerJson.Default.ImmutableArrayString, merge: MemberStateKind.Both);
}
