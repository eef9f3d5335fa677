using System;
using System.Collections.Generic;
using System.Linq;

namespace Loyalty.Rules.Testing;

/// <summary>
/// The campaign budgets of one program kept in memory, as a host keeps them in its database: what is left of each
/// budgeted offer's budget, and the host's loop around the ledger (process; decide and subtract each pending claim;
/// process again with the decided claims). Not thread-safe: one per test.
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

    /// <summary>
    /// Processes an event as a host does: while the outcome awaits the budget, decides each pending claim against what is
    /// left, subtracts what was granted, and processes again with every decided claim.
    /// </summary>
    /// <param name="account">The account.</param>
    /// <param name="ledgerEvent">The event.</param>
    /// <param name="member">The member.</param>
    /// <param name="signals">Fraud signals, or null.</param>
    /// <returns>The final outcome (never <see cref="LedgerStatus.AwaitingBudget"/>).</returns>
    public LedgerOutcome Process(MemberAccount account, LedgerEvent ledgerEvent, MemberContext member, FraudSignals? signals = null)
    {
        var grants = new List<BudgetClaim>();
        var outcome = program.Ledger.Process(account, ledgerEvent, member, signals);
        while (outcome.Status == LedgerStatus.AwaitingBudget)
        {
            foreach (var claim in outcome.Claims)
            {
                var decided = claim.Decide(left[claim.OfferId]);
                left[claim.OfferId] -= decided.Granted;
                grants.Add(decided);
            }

            outcome = program.Ledger.Process(account, ledgerEvent, member, signals, grants);
        }

        return outcome;
    }
}
