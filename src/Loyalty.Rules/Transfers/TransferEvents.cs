using NodaTime;

namespace Loyalty.Rules;

/// <summary>
/// The giver's side of a transfer, applied to the giver's account (id <c>{transferId}/out</c>): the points and the
/// fee leave it, and the outcome's <see cref="LedgerOutcome.Transfer"/> is the signed receipt the receiver's
/// <see cref="TransferInEvent"/> needs. Apply it first; nothing reaches the receiver without it.
/// </summary>
public sealed record TransferOutEvent : LedgerEvent
{
    /// <summary>Creates the giver's side.</summary>
    /// <param name="transferId">The transfer id, unique per program.</param>
    /// <param name="fromMemberId">The giving member.</param>
    /// <param name="toMemberId">The receiving member (or a household's pool); not the giver.</param>
    /// <param name="at">When.</param>
    /// <param name="points">The points the receiver gets; positive (a fee comes on top).</param>
    /// <param name="householdId">The household the transfer is within (both members' accounts must say they are in
    /// it), or null; required by a program whose transfers are household only.</param>
    public TransferOutEvent(string transferId, string fromMemberId, string toMemberId, Instant at, Points points, string? householdId = null)
        : base(Preconditions.Id(transferId, nameof(transferId)) + "/out", fromMemberId, at)
    {
        TransferId = transferId;
        ToMemberId = Preconditions.Id(toMemberId, nameof(toMemberId));
        if (toMemberId == fromMemberId)
        {
            throw Preconditions.Invalid(nameof(toMemberId), $"'{toMemberId}' is the giver: a member cannot give points to themselves.");
        }

        Points = points > 0 ? points : throw Preconditions.OutOfRange(nameof(points), points, "must be positive.");
        HouseholdId = householdId is null ? null : Preconditions.Id(householdId, nameof(householdId));
    }

    /// <inheritdoc />
    public override LedgerEventKind Kind => LedgerEventKind.TransferOut;

    /// <summary>The transfer id.</summary>
    public string TransferId { get; }

    /// <summary>The receiving member.</summary>
    public string ToMemberId { get; }

    /// <summary>The points the receiver gets.</summary>
    public Points Points { get; }

    /// <summary>The household the transfer is within, or null.</summary>
    public string? HouseholdId { get; }
}

/// <summary>
/// The receiver's side of a transfer, applied to the receiver's account (id <c>{transferId}/in</c>, at the transfer's
/// instant) with the receipt the giver's side returned: refused when the receipt is not signed by this ledger (forged or
/// altered). An account that cannot take the points (closed, not in the household, no transfers in the program) records
/// the transfer as <see cref="LedgerStatus.Declined"/> and returns a declined receipt for the giver's
/// <see cref="TransferReversalEvent"/>; then a later delivery is a duplicate, so the points arrive at most once.
/// </summary>
public sealed record TransferInEvent : LedgerEvent
{
    /// <summary>Creates the receiver's side.</summary>
    /// <param name="receipt">The receipt of the giver's side (<see cref="TransferStage.Sent"/>).</param>
    public TransferInEvent(TransferReceipt receipt)
        : base(Preconditions.NotNull(receipt, nameof(receipt)).TransferId + "/in", receipt.ToMemberId, receipt.At)
        => Receipt = receipt.Stage == TransferStage.Sent ? receipt : throw Preconditions.Invalid(nameof(receipt), $"is a {receipt.Stage} receipt; the receiver's side takes the sent one.");

    /// <inheritdoc />
    public override LedgerEventKind Kind => LedgerEventKind.TransferIn;

    /// <summary>The sent receipt.</summary>
    public TransferReceipt Receipt { get; }
}

/// <summary>
/// Compensates a transfer the receiver declined, applied to the giver's account (id <c>{transferId}/reversal</c>)
/// with the declined receipt: the points and the fee go back to the lots they came from, with their expiry.
/// </summary>
public sealed record TransferReversalEvent : LedgerEvent
{
    /// <summary>Creates the reversal.</summary>
    /// <param name="declined">The receipt the receiver's side returned (<see cref="TransferStage.Declined"/>).</param>
    public TransferReversalEvent(TransferReceipt declined)
        : base(Preconditions.NotNull(declined, nameof(declined)).TransferId + "/reversal", declined.FromMemberId, declined.At)
        => Receipt = declined.Stage == TransferStage.Declined ? declined : throw Preconditions.Invalid(nameof(declined), "is a sent receipt: only a transfer the receiver declined is reversed.");

    /// <inheritdoc />
    public override LedgerEventKind Kind => LedgerEventKind.TransferReversal;

    /// <summary>The declined receipt.</summary>
    public TransferReceipt Receipt { get; }
}
