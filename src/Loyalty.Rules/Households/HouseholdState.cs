using System.Collections.Immutable;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>A member of a household, as its pool lists them.</summary>
/// <param name="MemberId">The member.</param>
/// <param name="JoinedAt">When they joined.</param>
/// <param name="MayRedeem">Whether they may redeem from the pool.</param>
internal sealed record HouseholdMember(string MemberId, Instant JoinedAt, bool MayRedeem);

/// <summary>A household's pool: its members now, in the order they joined.</summary>
/// <param name="Members">The members.</param>
internal sealed record HouseholdPool(ImmutableArray<HouseholdMember> Members)
{
    /// <inheritdoc />
    public bool Equals(HouseholdPool? other) => other is not null && System.Linq.Enumerable.SequenceEqual(Members, other.Members);

    /// <inheritdoc />
    public override int GetHashCode() => Members.Length;
}

/// <summary>The household a member's account is in.</summary>
/// <param name="HouseholdId">The household.</param>
/// <param name="JoinedAt">When the member joined.</param>
internal sealed record HouseholdLink(string HouseholdId, Instant JoinedAt);

/// <summary>What accounts keep of households.</summary>
internal static class HouseholdState
{
    /// <summary>For a household's pool (the account of a household id, once a member joined), its members; else null.</summary>
    public static MemberStateKind<HouseholdPool?> Pool { get; } = new("pool", null, LedgerJson.Default.HouseholdPool);

    /// <summary>The household a member's account is in, or null.</summary>
    public static MemberStateKind<HouseholdLink?> Household { get; } = new("household", null, LedgerJson.Default.HouseholdLink);
}
