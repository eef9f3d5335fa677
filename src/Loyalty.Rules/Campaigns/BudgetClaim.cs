using System;
using System.Globalization;

namespace Loyalty.Rules;

/// <summary>Where a <see cref="BudgetClaim"/> stands.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<BudgetClaimStatus>))]
public enum BudgetClaimStatus
{
    /// <summary>Claimed by an evaluation, not decided yet: the host decides and commits it, then evaluates again with it.</summary>
    Pending,

    /// <summary>Granted in full.</summary>
    Granted,

    /// <summary>Granted in part: the budget had less left than claimed and the budget allows partial awards.</summary>
    Partial,

    /// <summary>Refused: budget exhausted (or too little left for a budget without partial awards).</summary>
    Refused,
}

/// <summary>
/// Points that one evaluation would pay from a <see cref="CampaignBudget"/>. The library keeps no counter across
/// members; the host keeps what is left of each budget. The flow, in one database transaction of the host's: evaluate
/// (or process) the purchase; for each pending claim read what is left, <see cref="Decide"/>, and subtract
/// <see cref="Granted"/>; evaluate (or process) again with the decided claims; commit. An offer whose claim was refused
/// does not act, so a first-match group may go on to the next offer, which may claim in turn: repeat until no claim is
/// pending.
/// </summary>
public sealed record BudgetClaim
{
    [System.Text.Json.Serialization.JsonConstructor]
    internal BudgetClaim(string offerId, string eventId, string memberId, Points points, bool allowPartial)
    {
        OfferId = offerId;
        EventId = eventId;
        MemberId = memberId;
        Points = points;
        AllowPartial = allowPartial;
    }

    /// <summary>The offer (rule id) whose budget is claimed.</summary>
    [System.Text.Json.Serialization.JsonInclude]
    public string OfferId { get; internal init; }

    /// <summary>The transaction.</summary>
    [System.Text.Json.Serialization.JsonInclude]
    public string EventId { get; internal init; }

    /// <summary>The member.</summary>
    [System.Text.Json.Serialization.JsonInclude]
    public string MemberId { get; internal init; }

    /// <summary>The points claimed (after any transaction cap).</summary>
    [System.Text.Json.Serialization.JsonInclude]
    public Points Points { get; internal init; }

    /// <summary>
    /// Whether the claim is on the stock of a catalog reward (<see cref="CatalogReward.Stocked"/>): then
    /// <see cref="OfferId"/> is the reward's id and <see cref="Points"/> the units claimed (1), decided in the same way
    /// against the units the host has left.
    /// </summary>
    [System.Text.Json.Serialization.JsonInclude]
    public bool IsRewardStock { get; internal init; }

    /// <summary>A claim of one unit of a reward's stock.</summary>
    internal static BudgetClaim ForStock(string rewardId, string eventId, string memberId) => new(rewardId, eventId, memberId, 1, allowPartial: false) { IsRewardStock = true };

    /// <summary>Whether the budget allows a partial award.</summary>
    [System.Text.Json.Serialization.JsonInclude]
    public bool AllowPartial { get; internal init; }

    /// <summary>Pending until decided.</summary>
    [System.Text.Json.Serialization.JsonInclude]
    public BudgetClaimStatus Status { get; internal init; } = BudgetClaimStatus.Pending;

    /// <summary>The points granted (0 while pending or when refused).</summary>
    [System.Text.Json.Serialization.JsonInclude]
    public Points Granted { get; internal init; }

    /// <summary>The decision in words: "granted", "partial: 120 of 500 granted, budget exhausted" or "refused: budget exhausted" ("refused: out of stock" for a reward's stock).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Reason => Status switch
    {
        BudgetClaimStatus.Granted => "granted",
        BudgetClaimStatus.Partial => string.Create(CultureInfo.InvariantCulture, $"partial: {Granted} of {Points} granted, budget exhausted"),
        BudgetClaimStatus.Refused => IsRewardStock ? "refused: out of stock" : "refused: budget exhausted",
        _ => "pending",
    };

    /// <summary>
    /// Decides the claim against what is left of the budget: all of it when enough is left; else what is left when the
    /// budget allows partial awards; else nothing. The host subtracts <see cref="Granted"/> from what is left.
    /// </summary>
    /// <param name="left">The points left in the budget (as the host keeps it; never negative).</param>
    /// <returns>The decided claim.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="left"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">The claim is decided already.</exception>
    public BudgetClaim Decide(Points left)
    {
        if (left < 0)
        {
            throw Preconditions.OutOfRange(nameof(left), left, "the points left in a budget are never negative.");
        }

        if (Status != BudgetClaimStatus.Pending)
        {
            throw new InvalidOperationException($"the claim of offer '{OfferId}' for '{EventId}' is decided already ({Reason}).");
        }

        if (left >= Points)
        {
            return this with { Status = BudgetClaimStatus.Granted, Granted = Points };
        }

        return AllowPartial && left > 0
            ? this with { Status = BudgetClaimStatus.Partial, Granted = left }
            : this with { Status = BudgetClaimStatus.Refused, Granted = 0 };
    }
}
