using NodaTime;

namespace Loyalty.Rules;

/// <summary>
/// The first step of merging two accounts of one person: closes the account of <see cref="LedgerEvent.MemberId"/> (id
/// <c>{mergeId}/close</c>), moving everything it holds into the signed receipt (<see cref="LedgerOutcome.Merge"/>) the
/// absorbing account's <see cref="AccountMergeEvent"/> takes. Refused while points or rewards are held for review
/// (decide them first). A closed account takes no other event.
/// </summary>
public sealed record AccountClosureEvent : LedgerEvent
{
    /// <summary>Creates the closure.</summary>
    /// <param name="mergeId">The merge id, unique per program.</param>
    /// <param name="memberId">The account to close.</param>
    /// <param name="intoMemberId">The account that absorbs it; not the same.</param>
    /// <param name="at">When.</param>
    public AccountClosureEvent(string mergeId, string memberId, string intoMemberId, Instant at)
        : base(Preconditions.Id(mergeId, nameof(mergeId)) + "/close", memberId, at)
    {
        MergeId = mergeId;
        IntoMemberId = Preconditions.Id(intoMemberId, nameof(intoMemberId));
        if (intoMemberId == memberId)
        {
            throw Preconditions.Invalid(nameof(intoMemberId), $"'{intoMemberId}' is the account being closed: an account is not merged into itself.");
        }
    }

    /// <inheritdoc />
    public override LedgerEventKind Kind => LedgerEventKind.AccountClosure;

    /// <summary>The merge id.</summary>
    public string MergeId { get; }

    /// <summary>The account that absorbs it.</summary>
    public string IntoMemberId { get; }
}

/// <summary>
/// The second step of a merge: the absorbing account (id <c>{mergeId}/absorb</c>, at the closure's instant) takes what
/// the closed account's receipt holds; refused when the receipt is not signed by this ledger.
/// </summary>
public sealed record AccountMergeEvent : LedgerEvent
{
    /// <summary>Creates the absorption.</summary>
    /// <param name="receipt">The receipt the closure returned.</param>
    public AccountMergeEvent(MergeReceipt receipt)
        : base(Preconditions.NotNull(receipt, nameof(receipt)).MergeId + "/absorb", receipt.IntoMemberId, receipt.At)
        => Receipt = receipt;

    /// <inheritdoc />
    public override LedgerEventKind Kind => LedgerEventKind.AccountMerge;

    /// <summary>The closure's receipt.</summary>
    public MergeReceipt Receipt { get; }
}
