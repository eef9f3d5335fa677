namespace Loyalty.Rules;

/// <summary>What the account keeps for the tier ladder across events.</summary>
internal static class TierState
{
    /// <summary>The member's tier track, or null before the first event of a program with a ladder.</summary>
    public static MemberStateKind<TierTrack?> Track { get; } = new("tier", null, LedgerJson.Default.TierTrack);
}
