using System;
using System.Collections.Generic;
using System.Linq;

namespace Loyalty.Rules.Testing;

/// <summary>
/// Many members' accounts in memory, and the messages between them, for tests of transfers, households and merges:
/// <see cref="Process"/> applies an event to its account and queues what the outcome hands on (the receiving side of a
/// sent receipt, the reversal of a declined one, the absorption of a closed account); <see cref="Deliver"/> delivers
/// one queued message (again later, if asked), <see cref="DeliverAll"/> all of them. Events of an account closed by a
/// merge go to the account that absorbed it, as a host routes them (<see cref="MemberAccount.MergedInto"/>), once it has.
/// </summary>
public sealed class LoyaltyAccounts
{
    private readonly LedgerProcessor ledger;
    private readonly Dictionary<string, MemberAccount> accounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> absorbedBy = new(StringComparer.Ordinal);
    private readonly List<LedgerEvent> pending = [];

    /// <summary>Creates the accounts of a program.</summary>
    /// <param name="program">The program.</param>
    /// <param name="ledger">Its ledger, for one with a receipt key (<see cref="LedgerProcessor.WithReceiptKey"/>); null for the program's own.</param>
    public LoyaltyAccounts(LoyaltyProgram program, LedgerProcessor? ledger = null)
        => this.ledger = ledger ?? (program ?? throw new ArgumentNullException(nameof(program))).Ledger;

    /// <summary>The account of a member (or household), opened empty on first use.</summary>
    /// <param name="memberId">The member.</param>
    public MemberAccount this[string memberId] => accounts.TryGetValue(memberId, out var account) ? account : accounts[memberId] = MemberAccount.Open(memberId);

    /// <summary>Every account used so far.</summary>
    public IReadOnlyCollection<MemberAccount> All => accounts.Values;

    /// <summary>The messages not delivered yet, in the order queued.</summary>
    public IReadOnlyList<LedgerEvent> Pending => pending;

    /// <summary>The account that takes a member's events: the member's own, or for one closed by a merge, the one that absorbed it; null while that absorption is still queued.</summary>
    /// <param name="memberId">The member.</param>
    /// <returns>The member id of the account, or null.</returns>
    public string? Route(string memberId)
        => this[memberId].MergedInto is null ? memberId : absorbedBy.TryGetValue(memberId, out var into) ? Route(into) : null;

    /// <summary>Applies an event to the account that takes it, and queues what its outcome hands on.</summary>
    /// <param name="ledgerEvent">The event.</param>
    /// <param name="member">What the host knows of the member; null for a bare context of the account's member.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="InvalidOperationException">The event's account was closed by a merge whose absorption is still queued.</exception>
    public LedgerOutcome Process(LedgerEvent ledgerEvent, MemberContext? member = null)
    {
        ArgumentNullException.ThrowIfNull(ledgerEvent);
        string target = Route(ledgerEvent.MemberId) ?? throw new InvalidOperationException($"the account of '{ledgerEvent.MemberId}' was closed by a merge whose absorption is still queued: deliver it first.");
        var outcome = ledger.Process(this[target], ledgerEvent, member ?? new MemberContext(target));
        accounts[target] = outcome.Account;
        if (ledgerEvent is AccountMergeEvent merge && outcome.Status == LedgerStatus.Applied)
        {
            absorbedBy[merge.Receipt.FromMemberId] = target;
        }

        if (outcome.Transfer is { } receipt)
        {
            pending.Add(receipt.Stage == TransferStage.Sent ? new TransferInEvent(receipt) : new TransferReversalEvent(receipt));
        }

        if (outcome.Merge is { } closed)
        {
            pending.Add(new AccountMergeEvent(closed));
        }

        return outcome;
    }

    /// <summary>Queues an event to be delivered later (the other side of a household membership, say), in any order with the rest.</summary>
    /// <param name="ledgerEvent">The event.</param>
    public void Queue(LedgerEvent ledgerEvent) => pending.Add(ledgerEvent ?? throw new ArgumentNullException(nameof(ledgerEvent)));

    /// <summary>
    /// Delivers the queued message at <paramref name="index"/>. One whose account waits for an absorption still queued
    /// goes to the end of the queue instead, and null is returned.
    /// </summary>
    /// <param name="index">Which message (0: the oldest).</param>
    /// <param name="again">Whether it stays queued, to be delivered once more (a re-delivery).</param>
    /// <returns>The outcome, or null.</returns>
    public LedgerOutcome? Deliver(int index = 0, bool again = false)
    {
        var message = pending[index];
        pending.RemoveAt(index);
        if (Route(message.MemberId) is null)
        {
            pending.Add(message);
            return null;
        }

        if (again)
        {
            pending.Add(message);
        }

        return Process(message);
    }

    /// <summary>Delivers every queued message, and what they queue, oldest first; returns the outcomes.</summary>
    /// <returns>The outcomes, in the order delivered.</returns>
    /// <exception cref="InvalidOperationException">A message waits for an absorption that is not queued.</exception>
    public IReadOnlyList<LedgerOutcome> DeliverAll()
    {
        var outcomes = new List<LedgerOutcome>();
        for (int waited = 0; pending.Count > 0;)
        {
            if (Deliver() is { } outcome)
            {
                outcomes.Add(outcome);
                waited = 0;
            }
            else if (++waited > pending.Count)
            {
                throw new InvalidOperationException($"{pending.Count} messages wait for absorptions nobody queued.");
            }
        }

        return outcomes;
    }
}
