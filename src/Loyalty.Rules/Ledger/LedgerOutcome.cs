using System.Collections.Immutable;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>How processing an event ended.</summary>
public enum LedgerStatus
{
    /// <summary>The event was applied.</summary>
    Applied,

    /// <summary>The event was applied before (same id, same content): nothing changed.</summary>
    Duplicate,

    /// <summary>The event was refused (see the reason): nothing changed.</summary>
    Rejected,

    /// <summary>The event was applied, but its points are held for fraud review (see <see cref="LedgerOutcome.Fraud"/>).</summary>
    Held,

    /// <summary>
    /// Nothing changed yet: the purchase claims points from campaign budgets (<see cref="LedgerOutcome.Claims"/>). Decide and
    /// commit them where the budgets are kept, then process the purchase again with the decided claims.
    /// </summary>
    AwaitingBudget,

    /// <summary>
    /// The receiver's side of a transfer was recorded as declined: the account cannot take the points (see the reason),
    /// and nothing but the event's id changed; <see cref="LedgerOutcome.Transfer"/> is the declined receipt for the giver's
    /// <see cref="TransferReversalEvent"/>.
    /// </summary>
    Declined,
}

/// <summary>The result of processing one event: the new account, the entries it produced, and the explanation.</summary>
public sealed class LedgerOutcome
{
    internal LedgerOutcome(MemberAccount account, ImmutableArray<LedgerEntry> entries, LedgerStatus status, string? reason, AccrualResult? accrual, Money? value, QualifyingActivity? qualifying = null, FraudVerdict? fraud = null, ImmutableArray<QualifyingActivity> released = default)
    {
        Released = released.IsDefault ? [] : released;
        Fraud = fraud ?? FraudVerdict.Allowed;
        Qualifying = qualifying;
        Account = account;
        Entries = entries;
        Status = status;
        Reason = reason;
        Accrual = accrual;
        Value = value;
    }

    /// <summary>
    /// The account after the event (the same account when nothing changed); in a batch
    /// (<see cref="LedgerProcessor.ProcessAll"/>), the account after the whole batch.
    /// </summary>
    public MemberAccount Account { get; internal set; } // set once, before the outcome is returned

    /// <summary>The entries the event produced, in order.</summary>
    public ImmutableArray<LedgerEntry> Entries { get; }

    /// <summary>Applied, held, duplicate or rejected.</summary>
    public LedgerStatus Status { get; }

    /// <summary>What the fraud checks found (every finding, also when the event was applied).</summary>
    public FraudVerdict Fraud { get; }

    /// <summary>Why a duplicate, a rejection or a hold; null when applied.</summary>
    public string? Reason { get; }

    /// <summary>For purchases and activities, the itemized accrual.</summary>
    public AccrualResult? Accrual { get; }

    /// <summary>
    /// What the event adds to tier qualification (a purchase's spend and points; a refund's as negative amounts), for
    /// the host to keep with the member's qualifying history; null for events that do not qualify.
    /// </summary>
    public QualifyingActivity? Qualifying { get; }

    /// <summary>
    /// What held events released because their review deadline passed (the program's hold review releases) add to tier
    /// qualification, for the host to keep as it keeps <see cref="Qualifying"/>; empty otherwise.
    /// </summary>
    public ImmutableArray<QualifyingActivity> Released { get; }

    /// <summary>The pending budget claims when <see cref="Status"/> is <see cref="LedgerStatus.AwaitingBudget"/>; else empty.</summary>
    public ImmutableArray<BudgetClaim> Claims => Status != LedgerStatus.AwaitingBudget ? []
        : Accrual is { } accrual ? accrual.Claims.RemoveAll(c => c.Status != BudgetClaimStatus.Pending)
        : StockClaims;

    /// <summary>The stock claim a reward redemption awaits.</summary>
    internal ImmutableArray<BudgetClaim> StockClaims { get; init; } = [];

    /// <summary>For redemptions, what the points are worth.</summary>
    public Money? Value { get; }

    /// <summary>
    /// For a program with a tier ladder, the member's tier as the account keeps it, decided at the event's instant
    /// after the event (tier, since, secured until, progress). When nothing was applied (a duplicate, a rejection), the
    /// account's tier at that instant, as <see cref="LedgerProcessor.TierOf"/> gives it. Null without a ladder, and for an
    /// account that has had no event yet.
    /// </summary>
    public TierDecision? Tier { get; internal init; }

    /// <summary>The change of tier this event (or the time that passed before it) made, reported once; null when none.</summary>
    public TierChange? TierChange { get; internal init; }

    /// <summary>
    /// The signed receipt of a transfer this event made, to deliver to the other account: the sent receipt of a giver's
    /// side (<see cref="TransferOutEvent"/>) or of an automatic household contribution (a purchase or activity), for the
    /// receiver's <see cref="TransferInEvent"/>; the declined receipt of a receiver's side that declined, for the giver's
    /// <see cref="TransferReversalEvent"/>. Null otherwise.
    /// </summary>
    public TransferReceipt? Transfer { get; internal init; }

    /// <summary>The signed receipt an <see cref="AccountClosureEvent"/> returns, for the absorbing account's <see cref="AccountMergeEvent"/>; else null.</summary>
    public MergeReceipt? Merge { get; internal init; }
}

/// <summary>Points that expire at one instant.</summary>
/// <param name="At">When they expire.</param>
/// <param name="Points">How many.</param>
public readonly record struct ExpiringPoints(Instant At, Points Points);

/// <summary>The result of a batch of one member's events (<see cref="LedgerProcessor.ProcessAll"/>).</summary>
public sealed class LedgerBatchOutcome
{
    internal LedgerBatchOutcome(MemberAccount account, ImmutableArray<LedgerOutcome> outcomes)
    {
        Account = account;
        Outcomes = outcomes;
    }

    /// <summary>The account after the batch (the same account when nothing was applied).</summary>
    public MemberAccount Account { get; }

    /// <summary>Each event's outcome, in the batch's order.</summary>
    public ImmutableArray<LedgerOutcome> Outcomes { get; }
}
