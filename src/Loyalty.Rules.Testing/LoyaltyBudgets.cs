using System;
using System.Collections.Generic;
using System.Linq;

namespace Loyalty.Rules.Testing;

/// <summary>
/// The campaign budgets of one program kept in memory, as a host keeps them in its database: what is left of each
/// budgeted offer's budget. Not thread-safe: one per test.
/// </summary>
public sealed class LoyaltyBudgets
{
    private readonly LoyaltyProgram program;
    private readonly Dictionary<string, long> left;

    /// <summary>Full budgets for every budgeted offer of the program (<see cref="LoyaltyProgram.BudgetedOffers"/>).</summary>
    /// <param name="program">The program.</param>
    public LoyaltyBudgets(LoyaltyProgram program)
    {
        this.program = program ?? throw new ArgumentNullException(nameof(program));
        left = program.BudgetedOffers.ToDictionary(o => o.Id, o => o.Budget!.Points.Value, StringComparer.Ordinal);
    }

    /// <summary>What is left of an offer's budget.</summary>
    /// <param name="offerId">The offer's rule id.</param>
    /// <returns>The points left.</returns>
    /// <exception cref="KeyNotFoundException">The program has no budgeted offer with that id.</exception>
    public long Left(string offerId) => left[offerId];

    /// <summary>Processes an event as a host does (<see cref="LedgerProcessor.ProcessWithBudgets"/>, deciding with <see cref="Decide"/>).</summary>
    /// <param name="account">The account.</param>
    /// <param name="ledgerEvent">The event.</param>
    /// <param name="member">The member.</param>
    /// <param name="signals">Fraud signals, or null.</param>
    /// <returns>The final outcome (never <see cref="LedgerStatus.AwaitingBudget"/>).</returns>
    public LedgerOutcome Process(MemberAccount account, LedgerEvent ledgerEvent, MemberContext member, FraudSignals? signals = null)
        => program.Ledger.ProcessWithBudgets(account, ledgerEvent, member, Decide, signals);

    /// <summary>Decides a claim against what is left and subtracts what was granted.</summary>
    /// <param name="claim">The pending claim.</param>
    /// <returns>The decided claim.</returns>
    public BudgetClaim Decide(BudgetClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var decided = claim.Decide(left[claim.OfferId]);
        left[claim.OfferId] -= decided.Granted.Value;
        return decided;
    }
}
