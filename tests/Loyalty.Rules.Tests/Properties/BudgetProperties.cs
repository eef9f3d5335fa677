using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Loyalty.Rules.Testing;
using NodaTime;

namespace Loyalty.Rules.Tests.Properties;

/// <summary>Budgeted offers (one, or two exclusive ones) and purchases by a few members, processed in a given order.</summary>
public sealed record BudgetScenario(
    long Budget, bool Partial, long Points, decimal? Factor, OfferLimit? Limit, bool Exclusive, long? Cap,
    (int Member, int Hour, int Cents)[] Purchases, int[] Order, bool Redeliver)
{
    public override string ToString()
        => $"budget {Budget} (partial {Partial}), points {Points} factor {Factor}, limit {Limit}, exclusive {Exclusive}, cap {Cap}, "
           + $"purchases {string.Join(", ", Purchases)}, order {string.Join(" ", Order)}, redeliver {Redeliver}";
}

public static class BudgetGenerators
{
    public static Arbitrary<BudgetScenario> Scenarios() =>
        (from budget in Gen.Frequency((2, Gen.Choose(1, 2_000)), (1, Gen.Choose(1, 100)))
         from partial in Gen.Elements(false, true)
         from points in Gen.Choose(1, 700)
         from factor in Gen.Elements<decimal?>(null, null, 2m, 3.5m)
         from limit in Gen.Elements<OfferLimit?>(null, OfferLimit.Once, new OfferLimit(2, CalendarPeriod.Week), new OfferLimit(3, CalendarPeriod.Month))
         from exclusive in Gen.Elements(false, true)
         from cap in Gen.Elements<long?>(null, null, 300, 1_000)
         from count in Gen.Choose(1, 40)
         from purchases in Gen.Choose(0, 4).Zip(Gen.Choose(0, 45 * 24)).Zip(Gen.Choose(0, 50_000)).ArrayOf(count)
         from order in Gen.Shuffle(Enumerable.Range(0, count).ToArray())
         from redeliver in Gen.Elements(false, true)
         select new BudgetScenario(budget, partial, points, factor, limit, exclusive, cap,
             [.. purchases.Select(p => (p.Item1.Item1, p.Item1.Item2, p.Item2))], [.. order], redeliver)).ToArbitrary();
}

public class BudgetProperties
{
    private static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["America/New_York"];
    private static readonly Instant Start = Instant.FromUtc(2026, 12, 1, 5, 0);

    /// <summary>
    /// Whatever the order of the purchases (and re-deliveries), the points a budgeted offer awards never exceed its
    /// budget, equal exactly what the host granted (nothing granted is lost, nothing awarded ungranted), and every result
    /// still adds up; without partial awards, an offer pays all it claimed or nothing.
    /// </summary>
    [Property(MaxTest = 10_000, Arbitrary = [typeof(BudgetGenerators)])]
    public Property BudgetedOffers_NeverAwardMoreThanTheirBudget_WhateverTheOrder(BudgetScenario s)
    {
        TargetedOffer Offer(string id, int priority) => new()
        {
            Id = id,
            StartsAt = Start.Plus(Duration.FromDays(3)),
            EndsAt = Start.Plus(Duration.FromDays(33)),
            Points = s.Factor is null ? new Points(s.Points) : default,
            Factor = s.Factor,
            Limit = s.Limit,
            Budget = new CampaignBudget(new Points(s.Budget), s.Partial),
            Priority = priority,
        };

        var builder = new LoyaltyProgramBuilder("budgets", "USD", Zone).AddEarnRate("base", 1m);
        string[] offers = s.Exclusive ? ["big", "small"] : ["big"];
        builder.AddPolicy(s.Exclusive
            ? new PolicyGroup { Id = "offers", Composition = Composition.FirstMatch, Policies = [Offer("small", 0), Offer("big", 5)] }
            : Offer("big", 0));
        if (s.Cap is { } cap)
        {
            builder.AddPolicy(new TransactionCap { Id = "cap", MaxPoints = new Points(cap) });
        }

        var program = builder.Build();
        var budgets = new LoyaltyBudgets(program);
        var accounts = new Dictionary<string, MemberAccount>();
        var awarded = offers.ToDictionary(o => o, _ => 0L);
        bool allPaid = true, addsUp = true, wholeClaims = true;
        var sequence = s.Redeliver ? s.Order.Concat(s.Order.Take(3)) : s.Order;
        foreach (int i in sequence)
        {
            var (member, hour, cents) = s.Purchases[i];
            string memberId = $"M{member}";
            var transaction = new TransactionBuilder($"T{i}").By(memberId).At(Start.Plus(Duration.FromHours(hour))).Line("X", "coffee", 1m, cents / 100m).Build();
            var account = accounts.GetValueOrDefault(memberId) ?? MemberAccount.Open(memberId);
            var outcome = budgets.Process(account, new PurchaseEvent(transaction), new MemberContext(memberId));
            accounts[memberId] = outcome.Account;
            if (outcome.Status != LedgerStatus.Applied)
            {
                allPaid &= outcome.Status == LedgerStatus.Duplicate;
                continue;
            }

            var accrual = outcome.Accrual!;
            addsUp &= accrual.Items.Sum(item => item.Points) == accrual.Total.Value;
            foreach (var item in accrual.Items.Where(item => awarded.ContainsKey(item.RuleId)))
            {
                awarded[item.RuleId] += (long)item.Points;
            }

            foreach (var claim in accrual.Claims)
            {
                wholeClaims &= claim.Granted <= claim.Points && (s.Partial || claim.Granted == 0 || claim.Granted == claim.Points);
            }
        }

        return (offers.All(o => awarded[o] <= s.Budget).Label("within the budget")
            .And(offers.All(o => awarded[o] == s.Budget - budgets.Left(o))).Label("awarded = granted")
            .And(allPaid).Label("every purchase applied or a duplicate")
            .And(addsUp).Label("items add up")
            .And(wholeClaims).Label("claims granted whole unless partial")).Label(string.Join(", ", offers.Select(o => $"{o}: awarded {awarded[o]}, left {budgets.Left(o)}")));
    }
}
