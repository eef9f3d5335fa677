using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Loyalty.Rules.Testing;
using NodaTime;

namespace Loyalty.Rules.Tests.Transfers;

public class TransferProperties
{
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 1, 12, 0);
    private static readonly string[] Members = ["M0", "M1", "M2", "M3"];
    private const string Household = "H";

    /// <summary>What a host does next: buy, give, join, leave, redeem from the pool or one's own account, merge, contribute by hand.</summary>
    public sealed record Step(int Kind, int A, int B, int Points);

    private static Gen<List<Step>> Steps() =>
        (from kind in Gen.Elements(0, 0, 0, 1, 1, 1, 2, 2, 3, 4, 5, 6, 7)
         from a in Gen.Choose(0, Members.Length - 1)
         from b in Gen.Choose(0, Members.Length - 1)
         from points in Gen.Choose(1, 400)
         select new Step(kind, a, b, points)).ListOf().Select(l => l.Take(40).ToList());

    /// <summary>
    /// Members buy, give each other points (10% fee, at most 1,000 a month), join and leave a household whose pool takes
    /// half of what they earn, redeem from it, contribute by hand, and merge accounts; every message between accounts
    /// (the receiving sides, reversals, absorptions, both sides of a membership) is delivered in a random order, some
    /// twice. In the end no message is lost or refused, every account is valid, and across all accounts every point is
    /// accounted for: what transfers gave is what they delivered, what merges closed is what they absorbed, and no
    /// account is below zero.
    /// </summary>
    [Property(MaxTest = 2_000)]
    public Property AnyDeliveryOrder_LosesNothing_AppliesNothingTwice_AndConservesPointsAcrossAccounts()
    {
        var program = TransferTestData.Program(
            new TransferPolicy { FeeRate = 0.10m, MaximumPerPeriod = 1000 },
            new HouseholdPolicy { ContributionShare = 0.5m, MaxMembers = 3, QualifiesHousehold = true },
            MergePolicy.Default);
        return Prop.ForAll(Steps().ToArbitrary(), Gen.Choose(0, 1_000_000).ToArbitrary(), (steps, seed) =>
        {
            var random = new Random(seed);
            var accounts = new LoyaltyAccounts(program);
            var problems = new List<string>();
            var at = Start;
            string? Route(string id) => accounts.Route(id);

            void Check(LedgerEvent e, LedgerOutcome? outcome)
            {
                if (outcome is null)
                {
                    return; // waits for its account's absorption
                }

                if (outcome.Status == LedgerStatus.Rejected && e is TransferInEvent or TransferReversalEvent or AccountMergeEvent)
                {
                    problems.Add($"{e.Id} refused: {outcome.Reason}");
                }

                if (outcome.Account.BalanceAt(e.At).Available < 0)
                {
                    problems.Add($"{outcome.Account.MemberId} below zero after {e.Id}");
                }
            }

            void Apply(LedgerEvent e) => Check(e, accounts.Process(e));

            void DeliverSome(int most)
            {
                for (int n = most == int.MaxValue ? most : random.Next(0, most + 1); n > 0 && accounts.Pending.Count > 0; n--)
                {
                    int i = random.Next(accounts.Pending.Count);
                    var e = accounts.Pending[i];
                    Check(e, accounts.Deliver(i, again: random.Next(3) == 0 && most != int.MaxValue));
                }
            }

            for (int i = 0; i < steps.Count; i++)
            {
                var s = steps[i];
                string a = Members[s.A], b = Members[s.B], id = $"S{i}";
                at = at.Plus(Duration.FromHours(7));
                switch (s.Kind)
                {
                    case 0 when Route(a) is not null:
                        Apply(new PurchaseEvent(new Transaction(id, Route(a)!, at, "USD", "store", [new TransactionLine("SKU", "coffee", 1m, s.Points)])));
                        break;
                    case 1 when Route(a) is { } from && Route(b) is { } to && from != to:
                        Apply(new TransferOutEvent(id, from, to, at, s.Points / 2 + 1));
                        break;
                    case 2 or 3 when Route(a) is { } joining:
                        var change = s.Kind == 2 ? HouseholdChange.Join : HouseholdChange.Leave;
                        accounts.Queue(new HouseholdMembershipEvent(id, Household, joining, at, change, HouseholdSide.Pool, s.B % 2 == 0));
                        accounts.Queue(new HouseholdMembershipEvent(id, Household, joining, at, change, HouseholdSide.Member, s.B % 2 == 0));
                        break;
                    case 4 when Route(a) is { } by:
                        Apply(new RedemptionEvent(id, Household, at, s.Points / 4 + 1, redeemedBy: by));
                        break;
                    case 5 when Route(a) is { } redeemer:
                        Apply(new RedemptionEvent(id, redeemer, at, s.Points / 4 + 1));
                        break;
                    case 6 when Route(a) is { } closing && Route(b) is { } into && closing != into:
                        Apply(new AccountClosureEvent(id, closing, into, at));
                        break;
                    case 7 when Route(a) is { } giver:
                        Apply(new TransferOutEvent(id, giver, Household, at, s.Points / 4 + 1, Household));
                        break;
                }

                DeliverSome(3);
            }

            DeliverSome(int.MaxValue);
            var all = accounts.All.ToList();
            foreach (var account in all)
            {
                if (!MemberAccount.FromJson(account.ToJson()).Equals(account))
                {
                    problems.Add($"{account.MemberId} does not round-trip");
                }
            }

            long Sum(Func<LedgerTotals, Points> total) => all.Sum(x => total(x.Totals).Value);
            long given = Sum(t => t.TransferredOut), received = Sum(t => t.TransferredIn), closedOut = Sum(t => t.MergedOut), absorbed = Sum(t => t.MergedIn);
            long earned = Sum(t => t.Accrued) + Sum(t => t.AdjustedUp);
            long end = all.Sum(x => x.Lots.Sum(l => l.Remaining.Value) - x.Debt.Value) + Sum(t => t.Redeemed) + Sum(t => t.Expired) + Sum(t => t.Reversed)
                + Sum(t => t.AdjustedDown) + Sum(t => t.Voided) + Sum(t => t.TransferFees);
            return (accounts.Pending.Count == 0 && problems.Count == 0 && given == received && closedOut == absorbed && earned == end)
                .Label($"problems: {string.Join("; ", problems)}{Environment.NewLine}given {given}, received {received}; merged out {closedOut}, in {absorbed}; earned {earned}, accounted {end}");
        });
    }
}
