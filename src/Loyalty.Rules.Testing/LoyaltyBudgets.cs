using System;
using System.Collections.Generic;
using System.Linq;

namespace Loyalty.Rules.Testing;

/// <summary>
/// The campaign budgets and reward stock of one program kept in memory, as a host keeps them in its database: what is
/// left of each budgeted offer's budget and of each stocked reward's units (<see cref="WithStock"/>). Not thread-safe:
/// one per test.
/// </summary>
public sealed class LoyaltyBudgets
{
    private readonly LoyaltyProgram program;
    private readonly Dictionary<string, long> left;
    private readonly Dictionary<string, long> stock = new(StringComparer.Ordinal);

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

    /// <summary>Sets the units of a stocked catalog reward (<see cref="CatalogReward.Stocked"/>); a stocked reward whose stock was not set has none.</summary>
    /// <param name="rewardId">The reward's id.</param>
    /// <param name="units">The units in stock; not negative.</param>
    /// <returns>These budgets.</returns>
    /// <exception cref="ArgumentException">The program has no stocked reward with that id, or the units are negative.</exception>
    public LoyaltyBudgets WithStock(string rewardId, long units)
    {
        if (!program.Rewards.Any(r => r.Id == rewardId && r.Stocked))
        {
            throw new ArgumentException($"program '{program.Id}' has no stocked reward '{rewardId}'.", nameof(rewardId));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(units);
        stock[rewardId] = units;
        return this;
    }

    /// <summary>The units left of a stocked reward.</summary>
    /// <param name="rewardId">The reward's id.</param>
    /// <returns>The units left (0 when none was set).</returns>
    public long StockLeft(string rewardId) => stock.GetValueOrDefault(rewardId);

    /// <summary>Processes an event as a host does (<see cref="LedgerProcessor.ProcessWithBudgets"/>, deciding with <see cref="Decide"/>).</summary>
    /// <param name="account">The account.</param>
    /// <param name="ledgerEvent">The event.</param>
    /// <param name="member">The member.</param>
    /// <param name="signals">Fraud signals, or null.</param>
    /// <returns>The final outcome (never <see cref="LedgerStatus.AwaitingBudget"/>).</returns>
    public LedgerOutcome Process(MemberAccount account, LedgerEvent ledgerEvent, MemberContext member, FraudSignals? signals = null)
        => program.Ledger.ProcessWithBudgets(account, ledgerEvent, member, Decide, signals);

    /// <summary>Decides a claim (on a budget, or on a reward's stock) against what is left and subtracts what was granted.</summary>
    /// <param name="claim">The pending claim.</param>
    /// <returns>The decided claim.</returns>
    public BudgetClaim Decide(BudgetClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var counts = claim.IsRewardStock ? stock : left;
        long before = claim.IsRewardStock ? stock.GetValueOrDefault(claim.OfferId) : left[claim.OfferId];
        var decided = claim.Decide(before);
        counts[claim.OfferId] = before - decided.Granted.Value;
        return decided;
    }
}
