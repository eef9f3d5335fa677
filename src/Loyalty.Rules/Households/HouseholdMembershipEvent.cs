using NodaTime;

namespace Loyalty.Rules;

/// <summary>Joining or leaving a household.</summary>
public enum HouseholdChange
{
    /// <summary>The member joins (or, already in, has whether they may redeem from the pool changed).</summary>
    Join,

    /// <summary>The member leaves: contributions stop, and the points already in the pool stay there.</summary>
    Leave,
}

/// <summary>Which account a <see cref="HouseholdMembershipEvent"/> is applied to.</summary>
public enum HouseholdSide
{
    /// <summary>The household's pool account (member id: the household id); event id <c>{id}/pool</c>.</summary>
    Pool,

    /// <summary>The member's own account; event id <c>{id}/member</c>.</summary>
    Member,
}

/// <summary>
/// A member joins or leaves a household. No operation spans two accounts, so the change is two events of one id,
/// one per side (<see cref="HouseholdSide"/>), each applied to its account; either may come first. The pool lists its
/// members (and who may redeem); the member's account names its household (household-only transfers and automatic
/// contributions read it).
/// </summary>
public sealed record HouseholdMembershipEvent : LedgerEvent
{
    /// <summary>Creates one side of the change.</summary>
    /// <param name="id">The change's id (each side's event id derives from it).</param>
    /// <param name="householdId">The household (its pool account's member id).</param>
    /// <param name="memberId">The member.</param>
    /// <param name="at">When.</param>
    /// <param name="change">Join or leave.</param>
    /// <param name="side">The account this event is for.</param>
    /// <param name="mayRedeem">Whether the member may redeem from the pool (joining only). Default true.</param>
    public HouseholdMembershipEvent(string id, string householdId, string memberId, Instant at, HouseholdChange change, HouseholdSide side, bool mayRedeem = true)
        : base(Preconditions.Id(id, nameof(id)) + (side == HouseholdSide.Pool ? "/pool" : "/member"), side == HouseholdSide.Pool ? householdId : memberId, at)
    {
        HouseholdId = Preconditions.Id(householdId, nameof(householdId));
        Member = Preconditions.Id(memberId, nameof(memberId));
        if (householdId == memberId)
        {
            throw Preconditions.Invalid(nameof(memberId), $"'{memberId}' is the household's own id: a pool cannot be its own member.");
        }

        Change = System.Enum.IsDefined(change) ? change : throw Preconditions.OutOfRange(nameof(change), change, "must be Join or Leave.");
        Side = System.Enum.IsDefined(side) ? side : throw Preconditions.OutOfRange(nameof(side), side, "must be Pool or Member.");
        MayRedeem = mayRedeem;
    }

    /// <inheritdoc />
    public override LedgerEventKind Kind => LedgerEventKind.HouseholdMembership;

    /// <summary>The household.</summary>
    public string HouseholdId { get; }

    /// <summary>The member who joins or leaves.</summary>
    public string Member { get; }

    /// <summary>Join or leave.</summary>
    public HouseholdChange Change { get; }

    /// <summary>The account this event is for.</summary>
    public HouseholdSide Side { get; }

    /// <summary>Whether the member may redeem from the pool.</summary>
    public bool MayRedeem { get; }
}
