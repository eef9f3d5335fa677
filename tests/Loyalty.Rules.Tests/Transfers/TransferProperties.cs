using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
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
    [Property(MaxTest = 500)]
    public Property AnyDeliveryOrder_LosesNothing_AppliesNothingTwice_AndConservesPointsAcrossAccounts()
    {
        var program = TransferTestData.Program(
            new TransferPolicy { FeeRate = 0.10m, MaximumPerPeriod = 1000 },
            new HouseholdPolicy { ContributionShare = 0.5m, MaxMembers = 3 },
            MergePolicy.Default);
        return Prop.ForAll(Steps().ToArbitrary(), Gen.Choose(0, 1_000_000).ToArbitrary(), (steps, seed) =>
        {
            var random = new Random(seed);
            var accounts = Members.Append(Household).ToDictionary(m => m, MemberAccount.Open);
            var mailbox = new List<(string To, LedgerEvent Event, int Left)>();
            var problems = new List<string>();
            var at = Start;

            // A closed account's events go where it was absorbed, once that account has absorbed it (until then they wait).
            var absorbedBy = new Dictionary<string, string>();
            string? Route(string id) => accounts[id].MergedInto is null ? id : absorbedBy.TryGetValue(id, out var into) ? Route(into) : null;

            void Apply(string to, LedgerEvent e, bool message)
            {
                if (Route(to) is not { } target)
                {
                    if (message)
                    {
                        mailbox.Add((to, e, 1)); // its account's absorption is still on its way
                    }

                    return;
                }
                var outcome = program.Ledger.Process(accounts[target], e, new MemberContext(target));
                accounts[target] = outcome.Account;
                if (message && outcome.Status == LedgerStatus.Rejected && e is TransferInEvent or TransferReversalEvent or AccountMergeEvent)
                {
                    problems.Add($"{e.Id} to {target} refused: {outcome.Reason}");
                }

                if (e is AccountMergeEvent absorb && outcome.Status == LedgerStatus.Applied)
                {
                    absorbedBy[absorb.Receipt.FromMemberId] = target;
                }

                if (outcome.Transfer is { } receipt)
                {
                    mailbox.Add(receipt.Stage == TransferStage.Sent ? (receipt.ToMemberId, new TransferInEvent(receipt), random.Next(1, 3)) : (receipt.FromMemberId, new TransferReversalEvent(receipt), random.Next(1, 3)));
                }

                if (outcome.Merge is { } merge)
                {
                    mailbox.Add((merge.IntoMemberId, new AccountMergeEvent(merge), random.Next(1, 3)));
                }

                if (outcome.Account.BalanceAt(e.At).Available < 0)
                {
                    problems.Add($"{target} below zero after {e.Id}");
                }
            }

            void DeliverSome(int most)
            {
                for (int n = most == int.MaxValue ? most : random.Next(0, most + 1); n > 0 && mailbox.Count > 0; n--)
                {
                    int i = random.Next(mailbox.Count);
                    var (to, e, left) = mailbox[i];
                    if (left > 1)
                    {
                        mailbox[i] = (to, e, left - 1); // delivered again later
                    }
                    else
                    {
                        mailbox.RemoveAt(i);
                    }

                    Apply(to, e, message: true);
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
                        Apply(a, new PurchaseEvent(new Transaction(id, Route(a)!, at, "USD", "store", [new TransactionLine("SKU", "coffee", 1m, s.Points)])), message: false);
                        break;
                    case 1 when Route(a) is { } from && Route(b) is { } to && from != to:
                        Apply(a, new TransferOutEvent(id, from, to, at, s.Points / 2 + 1), message: false);
                        break;
                    case 2 or 3 when Route(a) is { } joining:
                        var change = s.Kind == 2 ? HouseholdChange.Join : HouseholdChange.Leave;
                        mailbox.Add((Household, new HouseholdMembershipEvent(id, Household, joining, at, change, HouseholdSide.Pool, s.B % 2 == 0), 1));
                        mailbox.Add((joining, new HouseholdMembershipEvent(id, Household, joining, at, change, HouseholdSide.Member, s.B % 2 == 0), random.Next(1, 3)));
                        break;
                    case 4 when Route(a) is { } by:
                        Apply(Household, new RedemptionEvent(id, Household, at, s.Points / 4 + 1, redeemedBy: by), message: false);
                        break;
                    case 5 when Route(a) is { } redeemer:
                        Apply(redeemer, new RedemptionEvent(id, redeemer, at, s.Points / 4 + 1), message: false);
                        break;
                    case 6 when Route(a) is { } closing && Route(b) is { } into && closing != into:
                        Apply(closing, new AccountClosureEvent(id, closing, into, at), message: false);
                        break;
                    case 7 when Route(a) is { } giver:
                        Apply(giver, new TransferOutEvent(id, giver, Household, at, s.Points / 4 + 1, Household), message: false);
                        break;
                }

                DeliverSome(3);
            }

            DeliverSome(int.MaxValue);
            var all = accounts.Values.ToList();
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
            return (mailbox.Count == 0 && problems.Count == 0 && given == received && closedOut == absorbed && earned == end)
                .Label($"problems: {string.Join("; ", problems)}{Environment.NewLine}given {given}, received {received}; merged out {closedOut}, in {absorbed}; earned {earned}, accounted {end}");
        });
    }
}
