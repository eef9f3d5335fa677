using System.Collections.Generic;

namespace Loyalty.Rules;

/// <summary>
/// A purchase whose transaction id the host has seen before (<see cref="FraudSignals.TransactionIdSeen"/>): the same
/// receipt claimed by another member, or replayed after the account forgot it. Default action: reject. (The same id
/// with other content inside the account's memory is always rejected as a conflict, with or without this check.)
/// </summary>
public sealed record DuplicateTransaction : FraudCheck
{
    /// <summary>Creates the check.</summary>
    public DuplicateTransaction()
        : base("duplicate-transaction", FraudAction.Reject)
    {
    }

    internal override void Inspect(in FraudInput input, List<FraudFinding> findings)
    {
        if (input.Event is PurchaseEvent && input.Signals.TransactionIdSeen)
        {
            findings.Add(Finding($"transaction id '{input.Event.Id}' was seen before."));
        }
    }
}
