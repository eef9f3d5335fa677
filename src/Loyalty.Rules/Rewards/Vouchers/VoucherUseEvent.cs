using NodaTime;

namespace Loyalty.Rules;

/// <summary>
/// A purchase used one of the member's vouchers: it must be issued and valid on the local date of
/// <see cref="LedgerEvent.At"/>, and is then used (once: another use is refused). The discount the voucher pays is the
/// host's to put on the purchase (a line discount, or the order discount): a discount never earns points, so the
/// part paid with the reward earns nothing.
/// </summary>
public sealed record VoucherUseEvent : LedgerEvent
{
    /// <summary>Creates the use.</summary>
    /// <param name="id">The event id.</param>
    /// <param name="memberId">The member.</param>
    /// <param name="at">When.</param>
    /// <param name="voucherId">The voucher.</param>
    /// <param name="transactionId">The purchase that used it.</param>
    public VoucherUseEvent(string id, string memberId, Instant at, string voucherId, string transactionId)
        : base(id, memberId, at)
    {
        VoucherId = Preconditions.Id(voucherId, nameof(voucherId));
        TransactionId = Preconditions.Id(transactionId, nameof(transactionId));
    }

    /// <inheritdoc />
    public override LedgerEventKind Kind => LedgerEventKind.VoucherUse;

    /// <summary>The voucher.</summary>
    public string VoucherId { get; }

    /// <summary>The purchase that used it.</summary>
    public string TransactionId { get; }
}
