using System.Collections.Immutable;

namespace Loyalty.Rules;

/// <summary>What the account keeps for referrals across events.</summary>
internal static class ReferralState
{
    /// <summary>Referrals paid to this member as referrer, in the current ladder window and the one before.</summary>
    public static MemberStateKind<ImmutableArray<ReferralPayment>> Payments { get; } = MemberStateKind.List("referralsPaid", LedgerJson.Default.ImmutableArrayReferralPayment, merge: MemberStateKind.Both);
}
