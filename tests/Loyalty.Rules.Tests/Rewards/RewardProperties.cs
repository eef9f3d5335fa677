using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Loyalty.Rules.Testing;
using NodaTime;

namespace Loyalty.Rules.Tests.Rewards;

public class RewardProperties
{
    private static readonly LoyaltyProgram Program = new LoyaltyProgramBuilder("stock", "USD", DateTimeZoneProviders.Tzdb["Europe/Amsterdam"])
        .AddEarnRate("base", 1m)
        .AddReward(new CatalogReward { Id = "pastry", Name = "A pastry", Points = 40, Value = 2.50m, Stocked = true })
        .Build();

    private static readonly Instant Start = Instant.FromUtc(2026, 3, 28, 12, 0); // the night the Netherlands moves its clocks on

    /// <summary>
    /// Members race for a reward's stock in any order, some of them re-delivering, some too poor, some cancelling (a
    /// cancellation does not give the unit back): the units granted never exceed the stock, each applied redemption
    /// holds exactly one granted unit, and every member's points are conserved.
    /// </summary>
    [Property(MaxTest = 2_000)]
    public Property Stock_IsNeverExceeded_InAnyOrder()
    {
        var attempts = Gen.Choose(0, 7).Zip(Gen.Choose(0, 9)).ListOf().Select(l => l.Take(40).ToList());
        return Prop.ForAll(Gen.Choose(0, 6).ToArbitrary(), attempts.ToArbitrary(), (stock, tries) =>
        {
            var budgets = new LoyaltyBudgets(Program).WithStock("pastry", stock);
            var accounts = new Dictionary<string, MemberAccount>(StringComparer.Ordinal);
            int applied = 0, step = 0;
            foreach (var (who, what) in tries)
            {
                string member = $"M{who}";
                var at = Start.Plus(Duration.FromMinutes(17 * step));
                if (!accounts.TryGetValue(member, out var account))
                {
                    account = Program.Ledger.Process(MemberAccount.Open(member), new PurchaseEvent(new Transaction($"T-{member}", member, Start, "USD", "store", [new TransactionLine("SKU", "bread", 1m, who % 3 == 0 ? 30m : 100m)])), new MemberContext(member)).Account;
                }

                LedgerEvent e = what == 9 && account.Vouchers.Length > 0
                    ? new RedemptionCancellationEvent($"C{step}", member, at, account.Vouchers[0].SourceId)
                    : new RewardRedemptionEvent(what == 8 ? $"R{step - 1}" : $"R{step}", member, at, "pastry");
                var outcome = budgets.Process(account, e, new MemberContext(member));
                if (e is RewardRedemptionEvent && outcome.Status == LedgerStatus.Applied)
                {
                    applied++;
                }

                accounts[member] = outcome.Account;
                step++;
                var t = outcome.Account.Totals;
                if (t.Accrued != outcome.Account.BalanceAt(at).Available + t.Redeemed)
                {
                    return false.Label($"{member}: points not conserved ({t})");
                }
            }

            long granted = stock - budgets.StockLeft("pastry");
            return (granted <= stock && granted == applied).Label($"{granted} granted of {stock}, {applied} applied")
                .Classify(granted == stock, "stock ran out").Classify(applied < tries.Count, "some refused");
        });
    }
}
