using NodaTime;

namespace Loyalty.Rules;

/// <summary>
/// The member redeems a reward of the catalog (<see cref="LoyaltyProgram.Rewards"/>): its eligibility, the member's limit
/// and (for a stocked reward) a stock claim are checked, its points are taken (soonest-expiring first, as a
/// <see cref="RedemptionEvent"/>'s) and a <see cref="Voucher"/> is issued. Cancel it with a
/// <see cref="RedemptionCancellationEvent"/> naming this id: an unused voucher is voided and the points go back to the
/// same lots.
/// </summary>
public sealed record RewardRedemptionEvent : LedgerEvent
{
    /// <summary>Creates a reward redemption.</summary>
    /// <param name="id">The redemption id (cancel it by this id).</param>
    /// <param name="memberId">The member.</param>
    /// <param name="at">When.</param>
    /// <param name="rewardId">The catalog reward.</param>
    /// <param name="voucherId">The voucher's id, as the host numbers vouchers; null for <c>{id}/voucher</c>.</param>
    /// <param name="channel">Where the member redeems (for a reward limited to channels), or null.</param>
    public RewardRedemptionEvent(string id, string memberId, Instant at, string rewardId, string? voucherId = null, string? channel = null)
        : base(id, memberId, at)
    {
        RewardId = Preconditions.Id(rewardId, nameof(rewardId));
        VoucherId = voucherId is null ? null : Preconditions.Id(voucherId, nameof(voucherId));
        Channel = channel is null ? null : Preconditions.Id(channel, nameof(channel));
    }

    /// <inheritdoc />
    public override LedgerEventKind Kind => LedgerEventKind.RewardRedemption;

    /// <summary>The catalog reward.</summary>
    public string RewardId { get; }

    /// <summary>The voucher id the host chose, or null.</summary>
    public string? VoucherId { get; }

    /// <summary>The channel, or null.</summary>
    public string? Channel { get; }
}
