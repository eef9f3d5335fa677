namespace Loyalty.Rules;

/// <summary>What tier the account that absorbs a merged one keeps.</summary>
public enum MergeTier
{
    /// <summary>The higher of the two: when the closed account's tier ranks above the absorbing one's, it becomes a floor
    /// under the absorbing account's tier until the closed account's tier was secured (<see cref="TierDecision.SecuredUntil"/>).</summary>
    Higher,

    /// <summary>The absorbing account's own tier, as if nothing was merged.</summary>
    Target,
}

/// <summary>
/// How two accounts of one person become one (<see cref="AccountClosureEvent"/>, then <see cref="AccountMergeEvent"/>):
/// every lot moves with its own expiry and availability, the debt moves, remembered event ids move (a re-delivered
/// event of the closed account is a duplicate in the absorbing one, and refunds of its purchases are taken there),
/// vouchers and badges move; the tier follows <see cref="Tier"/>. Game progress does not move.
/// </summary>
public sealed record MergePolicy
{
    /// <summary>The default: the higher tier.</summary>
    public static MergePolicy Default { get; } = new();

    /// <summary>What tier the absorbing account keeps. Default <see cref="MergeTier.Higher"/>.</summary>
    public MergeTier Tier { get; init; } = MergeTier.Higher;

    internal void Validate(ProgramCheck check, string path)
    {
        if (!System.Enum.IsDefined(Tier))
        {
            check.Fail(path + ".tier", $"'{Tier}' is not a merge tier rule.");
        }
    }
}
