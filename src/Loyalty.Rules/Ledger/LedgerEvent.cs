using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>The kinds of ledger event.</summary>
public enum LedgerEventKind
{
    /// <summary>A purchase (<see cref="PurchaseEvent"/>).</summary>
    Purchase,

    /// <summary>An activity (<see cref="ActivityAccrualEvent"/>).</summary>
    Activity,

    /// <summary>A refund (<see cref="RefundEvent"/>).</summary>
    Refund,

    /// <summary>A redemption (<see cref="RedemptionEvent"/>).</summary>
    Redemption,

    /// <summary>A redemption cancelled (<see cref="RedemptionCancellationEvent"/>).</summary>
    RedemptionCancellation,

    /// <summary>A manual adjustment (<see cref="AdjustmentEvent"/>).</summary>
    Adjustment,

    /// <summary>A reviewer's decision on held points (<see cref="HoldReviewEvent"/>).</summary>
    HoldReview,

    /// <summary>One side of a qualified referral (<see cref="ReferralAwardEvent"/>).</summary>
    ReferralAward,

    /// <summary>A tier set by hand, or its removal (<see cref="TierOverrideEvent"/>).</summary>
    TierOverride,

    /// <summary>A paid membership tier bought or ended (<see cref="PaidTierEvent"/>).</summary>
    PaidTier,

    /// <summary>A catalog reward redeemed for a voucher (<see cref="RewardRedemptionEvent"/>).</summary>
    RewardRedemption,

    /// <summary>A voucher used by a purchase (<see cref="VoucherUseEvent"/>).</summary>
    VoucherUse,

    /// <summary>A member opted in to a challenge (<see cref="ChallengeEnrolmentEvent"/>).</summary>
    ChallengeEnrolment,

    /// <summary>The giver's side of a transfer (<see cref="TransferOutEvent"/>).</summary>
    TransferOut,

    /// <summary>The receiver's side of a transfer (<see cref="TransferInEvent"/>).</summary>
    TransferIn,

    /// <summary>A declined transfer returned to the giver (<see cref="TransferReversalEvent"/>).</summary>
    TransferReversal,

    /// <summary>A member joins or leaves a household (<see cref="HouseholdMembershipEvent"/>).</summary>
    HouseholdMembership,

    /// <summary>A merged account closed (<see cref="AccountClosureEvent"/>).</summary>
    AccountClosure,

    /// <summary>A closed account absorbed into another (<see cref="AccountMergeEvent"/>).</summary>
    AccountMerge,
}

/// <summary>Something that happens to a member's account. Each has an id, unique per program, used for idempotence.</summary>
public abstract record LedgerEvent
{
    private protected LedgerEvent(string id, string memberId, Instant at)
    {
        Id = Preconditions.Id(id, nameof(id));
        MemberId = Preconditions.Id(memberId, nameof(memberId));
        At = at;
    }

    /// <summary>The event id.</summary>
    public string Id { get; }

    /// <summary>The member.</summary>
    public string MemberId { get; }

    /// <summary>When it happened.</summary>
    public Instant At { get; }

    /// <summary>What kind of event it is.</summary>
    public abstract LedgerEventKind Kind { get; }
}

/// <summary>A purchase to evaluate and accrue.</summary>
public sealed record PurchaseEvent : LedgerEvent
{
    /// <inheritdoc />
    public override LedgerEventKind Kind => LedgerEventKind.Purchase;

    /// <summary>Creates the event from a transaction (its id and instant are the event's).</summary>
    /// <param name="transaction">The purchase.</param>
    public PurchaseEvent(Transaction transaction)
        : base(Preconditions.NotNull(transaction, nameof(transaction)).Id, transaction.MemberId, transaction.OccurredAt)
        => Transaction = transaction;

    /// <summary>The purchase.</summary>
    public Transaction Transaction { get; }
}

/// <summary>A non-purchase activity to evaluate and accrue.</summary>
public sealed record ActivityAccrualEvent : LedgerEvent
{
    /// <inheritdoc />
    public override LedgerEventKind Kind => LedgerEventKind.Activity;

    /// <summary>Creates the event from an activity (its id and instant are the event's).</summary>
    /// <param name="activity">The activity.</param>
    public ActivityAccrualEvent(ActivityEvent activity)
        : base(Preconditions.NotNull(activity, nameof(activity)).Id, activity.MemberId, activity.OccurredAt)
        => Activity = activity;

    /// <summary>The activity.</summary>
    public ActivityEvent Activity { get; }
}

/// <summary>A line returned in a refund: which line of the original transaction, and how many units.</summary>
/// <param name="LineIndex">The index of the line in the original transaction.</param>
/// <param name="Quantity">How many units come back; up to the line's quantity.</param>
public sealed record ReturnedLine(int LineIndex, decimal Quantity);

/// <summary>
/// A full or partial refund of an earlier purchase. The original transaction is given again (the library stores
/// none); the remaining lines are re-evaluated and the difference reversed.
/// </summary>
public sealed record RefundEvent : LedgerEvent
{
    /// <inheritdoc />
    public override LedgerEventKind Kind => LedgerEventKind.Refund;

    /// <summary>Creates a refund.</summary>
    /// <param name="id">The refund id.</param>
    /// <param name="at">When it happened.</param>
    /// <param name="original">The original purchase.</param>
    /// <param name="returned">The returned lines; at least one.</param>
    /// <exception cref="ArgumentException">A returned line is out of range; the message names it.</exception>
    public RefundEvent(string id, Instant at, Transaction original, IEnumerable<ReturnedLine> returned)
        : base(id, Preconditions.NotNull(original, nameof(original)).MemberId, at)
    {
        Original = original;
        Returned = [.. Preconditions.NotNull(returned, nameof(returned))];
        if (Returned.IsEmpty)
        {
            throw Preconditions.Invalid(nameof(returned), "must name at least one line.");
        }

        for (int i = 0; i < Returned.Length; i++)
        {
            var line = Returned[i] ?? throw Preconditions.Missing($"returned[{i}]", "is null.");
            if (line.LineIndex < 0 || line.LineIndex >= original.Lines.Length)
            {
                throw Preconditions.OutOfRange($"returned[{i}].LineIndex", line.LineIndex, $"must name a line of transaction '{original.Id}' (0 to {original.Lines.Length - 1}).");
            }

            if (line.Quantity <= 0m || line.Quantity > original.Lines[line.LineIndex].Quantity)
            {
                throw Preconditions.OutOfRange($"returned[{i}].Quantity", line.Quantity, FormattableString.Invariant($"must be positive and at most the line's quantity {original.Lines[line.LineIndex].Quantity}."));
            }
        }
    }

    /// <summary>The original purchase.</summary>
    public Transaction Original { get; }

    /// <summary>The returned lines.</summary>
    public ImmutableArray<ReturnedLine> Returned { get; }
}

/// <summary>The member spends points.</summary>
public sealed record RedemptionEvent : LedgerEvent
{
    /// <inheritdoc />
    public override LedgerEventKind Kind => LedgerEventKind.Redemption;

    /// <summary>Creates a redemption.</summary>
    /// <param name="id">The redemption id (cancel it by this id).</param>
    /// <param name="memberId">The member.</param>
    /// <param name="at">When.</param>
    /// <param name="points">How many points; positive.</param>
    /// <param name="cause">The cause the points are donated to (one of the program's
    /// <see cref="RedemptionPolicy.Causes"/>), or null for an ordinary redemption.</param>
    /// <param name="redeemedBy">For a redemption from a household's pool (<paramref name="memberId"/> is the household id),
    /// the member who redeems, whom the pool must allow; null for a member's own account.</param>
    public RedemptionEvent(string id, string memberId, Instant at, Points points, string? cause = null, string? redeemedBy = null)
        : base(id, memberId, at)
    {
        Points = points > 0 ? points : throw Preconditions.OutOfRange(nameof(points), points, "must be positive.");
        Cause = cause is null ? null : Preconditions.Id(cause, nameof(cause));
        RedeemedBy = redeemedBy is null ? null : Preconditions.Id(redeemedBy, nameof(redeemedBy));
    }

    /// <summary>For a redemption from a household's pool, the member who redeems; else null.</summary>
    public string? RedeemedBy { get; }

    /// <summary>The cause the points are donated to, or null.</summary>
    public string? Cause { get; }

    /// <summary>How many points.</summary>
    public Points Points { get; }
}

/// <summary>Cancels an earlier redemption: its points go back to the same lots with their original expiry.</summary>
public sealed record RedemptionCancellationEvent : LedgerEvent
{
    /// <inheritdoc />
    public override LedgerEventKind Kind => LedgerEventKind.RedemptionCancellation;

    /// <summary>Creates a cancellation.</summary>
    /// <param name="id">The cancellation id.</param>
    /// <param name="memberId">The member.</param>
    /// <param name="at">When.</param>
    /// <param name="redemptionId">The redemption to cancel.</param>
    public RedemptionCancellationEvent(string id, string memberId, Instant at, string redemptionId)
        : base(id, memberId, at)
        => RedemptionId = Preconditions.Id(redemptionId, nameof(redemptionId));

    /// <summary>The redemption to cancel.</summary>
    public string RedemptionId { get; }
}

/// <summary>A manual adjustment by customer service, positive (goodwill) or negative, with a reason.</summary>
public sealed record AdjustmentEvent : LedgerEvent
{
    /// <inheritdoc />
    public override LedgerEventKind Kind => LedgerEventKind.Adjustment;

    /// <summary>Creates an adjustment.</summary>
    /// <param name="id">The adjustment id.</param>
    /// <param name="memberId">The member.</param>
    /// <param name="at">When.</param>
    /// <param name="points">Points to add (positive) or take (negative); not zero.</param>
    /// <param name="reason">Why; required.</param>
    public AdjustmentEvent(string id, string memberId, Instant at, Points points, string reason)
        : base(id, memberId, at)
    {
        Points = points != 0 ? points : throw Preconditions.OutOfRange(nameof(points), points, "must not be zero.");
        Reason = Preconditions.NotBlank(reason, nameof(reason));
    }

    /// <summary>Points to add or take.</summary>
    public Points Points { get; }

    /// <summary>Why.</summary>
    public string Reason { get; }
}

/// <summary>
/// A reviewer's decision on points held for fraud review: release them to the member, or void them. Either ends the
/// hold; a hold that was released or voided cannot be decided again.
/// </summary>
public sealed record HoldReviewEvent : LedgerEvent
{
    /// <summary>Creates the decision.</summary>
    /// <param name="id">The decision's id.</param>
    /// <param name="memberId">The member.</param>
    /// <param name="at">When.</param>
    /// <param name="heldEventId">The event whose points are held.</param>
    /// <param name="resolution">Release or void.</param>
    /// <param name="reason">Why; required.</param>
    public HoldReviewEvent(string id, string memberId, Instant at, string heldEventId, HoldResolution resolution, string reason)
        : base(id, memberId, at)
    {
        HeldEventId = Preconditions.Id(heldEventId, nameof(heldEventId));
        Resolution = System.Enum.IsDefined(resolution) ? resolution : throw Preconditions.OutOfRange(nameof(resolution), resolution, "must be Release or Void.");
        Reason = Preconditions.NotBlank(reason, nameof(reason));
    }

    /// <inheritdoc />
    public override LedgerEventKind Kind => LedgerEventKind.HoldReview;

    /// <summary>The event whose points are held.</summary>
    public string HeldEventId { get; }

    /// <summary>Release or void.</summary>
    public HoldResolution Resolution { get; }

    /// <summary>Why.</summary>
    public string Reason { get; }
}
