using System.Collections.Immutable;

namespace Loyalty.Rules;

/// <summary>What the account keeps for limited offers across events.</summary>
internal static class TargetedOfferState
{
    /// <summary>The member's uses of limited offers: per offer, its latest two windows with uses.</summary>
    public static MemberStateKind<ImmutableArray<OfferUse>> Uses { get; } = MemberStateKind.List("offerUses", LedgerJson.Default.ImmutableArrayOfferUse);
}
