using NodaTime;

namespace Loyalty.Rules;

/// <summary>What a ledger entry records.</summary>
public enum LedgerEntryKind
{
    /// <summary>Points earned into a lot.</summary>
    Accrued,

    /// <summary>A pending lot became spendable.</summary>
    BecameAvailable,

    /// <summary>Points spent.</summary>
    Redeemed,

    /// <summary>A redemption was cancelled and its points restored to the same lots.</summary>
    RedemptionCancelled,

    /// <summary>Points expired.</summary>
    Expired,

    /// <summary>Points taken back by a refund (from lots, or as debt).</summary>
    Reversed,

    /// <summary>Refunded points the member had already spent and the program absorbed.</summary>
    WrittenOff,

    /// <summary>A refund took the balance below zero: the member owes these points.</summary>
    Debt,

    /// <summary>Newly earned points paid back a debt.</summary>
    DebtRepaid,

    /// <summary>A manual adjustment, positive or negative.</summary>
    Adjusted,

    /// <summary>An automatic reward was issued (its points are 0; the reason names the reward).</summary>
    RewardIssued,

    /// <summary>Points earned into a lot held for fraud review.</summary>
    Held,

    /// <summary>Held points were released to the member after review (or at the review deadline).</summary>
    Released,

    /// <summary>Held points were voided after review (or at the review deadline).</summary>
    Voided,

    /// <summary>Points donated to a cause (a redemption; the reason names the cause and the value given).</summary>
    Donated,

    /// <summary>A voucher was used by a purchase (its points are 0; <see cref="LedgerEntry.Reward"/> names it).</summary>
    VoucherUsed,

    /// <summary>A voucher was not used while valid (its points are 0).</summary>
    VoucherExpired,

    /// <summary>A voucher was voided: the redemption that issued it was cancelled (its points are 0; the points come back in <see cref="RedemptionCancelled"/> entries).</summary>
    VoucherVoided,

    /// <summary>A badge was earned (<see cref="MemberAccount.Badges"/>; points 0).</summary>
    BadgeEarned,

    /// <summary>A badge was taken back: a refund undid the completion that earned it (points 0).</summary>
    BadgeRevoked,

    /// <summary>Points given to another member or a household pool (a transfer's giver's side).</summary>
    TransferredOut,

    /// <summary>The fee a transfer cost the giver.</summary>
    TransferFee,

    /// <summary>Points received by a transfer.</summary>
    TransferredIn,

    /// <summary>A declined transfer's points (and fee) returned to the giver's lots.</summary>
    TransferReversed,

    /// <summary>A lot (or a debt) moved out of an account closed by a merge.</summary>
    MergedOut,

    /// <summary>A lot (or a debt) moved into the account that absorbed a closed one.</summary>
    MergedIn,
}

/// <summary>
/// One line of the ledger: a deterministic id (event id, kind and lot), what happened, how many points, when and
/// why. A host store with a unique key on <see cref="Id"/> catches any event applied twice.
/// </summary>
public sealed record LedgerEntry
{
    internal LedgerEntry(string id, LedgerEntryKind kind, long points, Instant at, string? lotId, string reason)
    {
        Id = id;
        Kind = kind;
        Points = points;
        At = at;
        LotId = lotId;
        Reason = reason;
    }

    /// <summary>The deterministic entry id.</summary>
    public string Id { get; internal init; }

    /// <summary>What happened.</summary>
    public LedgerEntryKind Kind { get; internal init; }

    /// <summary>How many points (always zero or positive; the kind gives the direction).</summary>
    public Points Points { get; internal init; }

    /// <summary>When.</summary>
    public Instant At { get; internal init; }

    /// <summary>The lot concerned, or null.</summary>
    public string? LotId { get; internal init; }

    /// <summary>Why, in words.</summary>
    public string Reason { get; internal init; }

    /// <summary>
    /// The reward (not points) the entry issues, holds or voids, with its value: a spend reward, a named referral
    /// reward; null for entries of points.
    /// </summary>
    public IssuedReward? Reward { get; internal init; }
}

/// <summary>A reward that is not points, as a ledger entry names it: the host issues it (a voucher, a free drink).</summary>
/// <param name="Name">The reward's name, as the program gives it (<see cref="SpendReward.Name"/>, <see cref="ReferralReward.Name"/>).</param>
/// <param name="Value">What it is worth to the program, in the program's currency.</param>
public sealed record IssuedReward(string Name, Money Value)
{
    /// <summary>The voucher that carries the reward, or null (a reward held for review, a dividend paid in money).</summary>
    public string? VoucherId { get; init; }
}
