using System;
using System.Globalization;

namespace Loyalty.Rules;

/// <summary>
/// Households: members who pool points in one account owned by the household id (the pool: a
/// <see cref="MemberAccount"/> opened for that id). Members join and leave through
/// <see cref="HouseholdMembershipEvent"/>s (one for the pool, one for the member); they contribute through transfers to the
/// pool (automatically, <see cref="ContributionShare"/> of what each purchase and activity earns; or by hand, a
/// <see cref="TransferOutEvent"/> to the household id); members the pool allows redeem from it
/// (<see cref="RedemptionEvent.RedeemedBy"/>). Tiers stay per member: a pool earns nothing itself.
/// </summary>
public sealed record HouseholdPolicy
{
    /// <summary>The most members a household may have at once; 2 to 100. Default 6.</summary>
    public int MaxMembers { get; init; } = 6;

    /// <summary>
    /// The share of the points each purchase and activity earns that goes to the member's household pool as it is
    /// earned (1 for all of it, 0.5 for half, rounded down to a whole point), through a transfer whose receipt the
    /// outcome carries (<see cref="LedgerOutcome.Transfer"/>, id <c>{eventId}/contribution</c>); 0 (the default) for none:
    /// members then contribute by hand. Held points contribute nothing.
    /// </summary>
    public decimal ContributionShare { get; init; }

    /// <summary>
    /// Whether the household qualifies for tiers as one: each member's purchase or activity sends what it qualifies
    /// (spend, points, transactions, tier credits) with its contribution (a receipt even when no points go), and the
    /// pool's account keeps the household's tier from all of them (<see cref="LedgerProcessor.TierOf"/> of the pool); the
    /// host passes that tier as its members' (<see cref="MemberContext.TierId"/>). Default false: tiers stay per member.
    /// </summary>
    public bool QualifiesHousehold { get; init; }

    /// <summary>The points a contribution takes from <paramref name="earned"/>.</summary>
    internal long ContributionOf(long earned) => ContributionShare == 0m || earned <= 0 ? 0 : decimal.ToInt64(decimal.Floor(earned * ContributionShare));

    internal void Validate(ProgramCheck check, string path)
    {
        if (MaxMembers < 2 || MaxMembers > 100)
        {
            check.Fail(path + ".maxMembers", string.Create(CultureInfo.InvariantCulture, $"must be 2 to 100, was {MaxMembers}."));
        }

        if (ContributionShare < 0m || ContributionShare > 1m)
        {
            check.Fail(path + ".contributionShare", string.Create(CultureInfo.InvariantCulture, $"must be from 0 to 1, was {ContributionShare}."));
        }
    }
}
