using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Loyalty.Rules.Testing;
using NodaTime;

namespace Loyalty.Rules.Tests.Gamification;

public class GameProperties
{
    private static readonly DateTimeZone Amsterdam = DateTimeZoneProviders.Tzdb["Europe/Amsterdam"];
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 16, 9, 0); // three weeks around the night the Netherlands moves its clocks on

    private static readonly CatalogReward FreeCoffee = new() { Id = "free-coffee", Name = "A free coffee", Points = 100, Value = 3.50m, Product = "coffee" };

    /// <summary>A purchase of the history: its day and hour offsets, coffees and muffins, whether it is refunded at the end, and how often it is delivered.</summary>
    public sealed record Sale(int Day, int Hour, int Coffees, int Muffins, bool Refunded, int Deliveries);

    private static Gen<List<Sale>> Sales() =>
        (from day in Gen.Choose(0, 20)
         from hour in Gen.Choose(0, 23)
         from coffees in Gen.Choose(0, 4)
         from muffins in Gen.Choose(coffees == 0 ? 1 : 0, 2)
         from refunded in Gen.Elements(false, false, false, true)
         from deliveries in Gen.Elements(1, 1, 2)
         select new Sale(day, hour, coffees, muffins, refunded, deliveries)).ListOf().Select(l => l.Take(30).ToList());

    private static Transaction Purchase(int index, Sale s)
    {
        var lines = new List<TransactionLine>();
        if (s.Coffees > 0)
        {
            lines.Add(new TransactionLine("LATTE", "coffee", s.Coffees, 4.00m));
        }

        if (s.Muffins > 0)
        {
            lines.Add(new TransactionLine("MUFFIN", "bakery", s.Muffins, 3.00m));
        }

        return new Transaction($"T{index}", "M1", Start.Plus(Duration.FromDays(s.Day) + Duration.FromHours(s.Hour)), "USD", "store", lines);
    }

    /// <summary>Applies the purchases in <paramref name="order"/> (each as often as it is delivered), then the refunds; the final account.</summary>
    private static MemberAccount Play(LoyaltyProgram program, List<Sale> sales, IEnumerable<int> order)
    {
        var member = new MemberContext("M1");
        var account = MemberAccount.Open("M1");
        foreach (int i in order)
        {
            for (int d = 0; d < sales[i].Deliveries; d++)
            {
                account = program.Ledger.Process(account, new PurchaseEvent(Purchase(i, sales[i])), member).Account;
            }
        }

        for (int i = 0; i < sales.Count; i++)
        {
            if (sales[i].Refunded)
            {
                var purchase = Purchase(i, sales[i]);
                var end = Start.Plus(Duration.FromDays(22));
                account = program.Ledger.Process(account, new RefundEvent($"R{i}", end, purchase, purchase.Lines.Select((l, n) => new ReturnedLine(n, l.Quantity))), member).Account;
            }
        }

        return account;
    }

    /// <summary>
    /// Whatever order a history's purchases arrive in, re-delivered or not, and whichever are refunded afterwards: the
    /// games pay the same net (points, vouchers, badges, each game's progress), points are conserved, and the points the
    /// challenges and stamp cards paid are what an independent count of the purchases kept says.
    /// </summary>
    [Property(MaxTest = 1_000)]
    public Property AnyArrivalOrder_PaysTheSame_AndWhatTheKeptPurchasesAreWorth()
    {
        var games = LoyaltyGenerators.Games(["free-coffee"], [], most: 2);
        return Prop.ForAll(games.ToArbitrary(), Sales().ToArbitrary(), Gen.Choose(0, 1_000_000).ToArbitrary(), (set, sales, seed) =>
        {
            var program = set.AddTo(new LoyaltyProgramBuilder("games", "USD", Amsterdam).AddEarnRate("base", 1m).AddReward(FreeCoffee)).Build();
            var inOrder = Play(program, sales, Enumerable.Range(0, sales.Count).OrderBy(i => sales[i].Day * 24 + sales[i].Hour));
            var random = new Random(seed);
            var shuffled = Play(program, sales, Enumerable.Range(0, sales.Count).OrderBy(_ => random.Next()));
            var end = Start.Plus(Duration.FromDays(22));

            string Summary(MemberAccount a) => string.Join(
                " | ",
                [
                    $"balance {a.BalanceAt(end)}",
                    $"earned net {a.Totals.Accrued - a.Totals.Reversed}", // a late purchase may join two runs that each paid: one payment is taken back
                    $"vouchers {a.Vouchers.Count(v => v.Status == VoucherStatus.Issued)}",
                    $"badges {string.Join(",", a.Badges.Select(b => b.Id).Order(StringComparer.Ordinal))}",
                    .. program.Ledger.ProgressOf(a, new MemberContext("M1"), end).Select(p => $"{p.Id}: {p.Done}/{p.Needed} x{p.Completions}"),
                ]);

            string expected = Summary(inOrder), actual = Summary(shuffled);
            if (expected != actual)
            {
                return false.Label($"in order:  {expected}{Environment.NewLine}shuffled: {actual}");
            }

            var t = shuffled.Totals;
            var balance = shuffled.BalanceAt(end);
            if (t.Accrued + t.AdjustedUp != balance.Available.Value + balance.Pending.Value + shuffled.Debt + t.Redeemed + t.Expired + t.Reversed + t.AdjustedDown + t.WrittenOff + t.Voided)
            {
                return false.Label($"points not conserved: {t}, {balance}");
            }

            long paid = shuffled.Lots.Where(l => l.RuleId.StartsWith("game-challenge", StringComparison.Ordinal) || l.RuleId.StartsWith("game-card", StringComparison.Ordinal)).Sum(l => l.Remaining.Value);
            long oracle = Oracle(program, sales);
            return (paid == oracle).Label($"challenges and cards paid {paid} points kept, the count of the kept purchases says {oracle}");
        });
    }

    /// <summary>What the challenges and stamp cards pay in points for the purchases kept, counted independently of the ledger.</summary>
    private static long Oracle(LoyaltyProgram program, List<Sale> sales)
    {
        var kept = sales.Select((s, i) => (Sale: s, At: Purchase(i, s).OccurredAt.InZone(Amsterdam).Date)).Where(k => !k.Sale.Refunded).ToList();
        long points = 0;
        foreach (var c in program.Challenges)
        {
            if (c.Goal == ChallengeGoal.Activities || c.RequiresEnrolment)
            {
                continue; // no activities, and nobody enrols, in these histories
            }

            var counted = kept.Where(k => (c.From is null || k.At >= c.From) && (c.Until is null || k.At <= c.Until) && (c.Category is null ? true : k.Sale.Coffees > 0));
            foreach (var window in counted.GroupBy(k => c.Window is { } w ? Window(w, k.At) : LocalDate.MinIsoValue))
            {
                decimal measure = c.Goal switch
                {
                    ChallengeGoal.Purchases => window.Count(),
                    ChallengeGoal.DistinctDays => window.Select(k => k.At).Distinct().Count(),
                    ChallengeGoal.Items => window.Sum(k => c.Category is null ? k.Sale.Coffees + k.Sale.Muffins : k.Sale.Coffees),
                    _ => window.Sum(k => c.Category is null ? (k.Sale.Coffees * 4.00m) + (k.Sale.Muffins * 3.00m) : k.Sale.Coffees * 4.00m),
                };
                points += Math.Min(c.CompletionsPerWindow, (long)decimal.Floor(measure / c.Target)) * c.Reward.Points.Value;
            }
        }

        foreach (var card in program.StampCards)
        {
            long stamps = kept.Sum(k => card.Counting == StampCounting.Visits ? (card.Category is null || k.Sale.Coffees > 0 ? 1 : 0) : card.Category is null ? k.Sale.Coffees + k.Sale.Muffins : k.Sale.Coffees);
            points += stamps / card.Every * card.Reward.Points.Value;
        }

        return points;
    }

    private static LocalDate Window(CalendarPeriod period, LocalDate day) => period switch
    {
        CalendarPeriod.Day => day,
        CalendarPeriod.Week => day.PlusDays(-((int)day.DayOfWeek - 1)),
        CalendarPeriod.Month => new LocalDate(day.Year, day.Month, 1),
        CalendarPeriod.Quarter => new LocalDate(day.Year, ((day.Month - 1) / 3 * 3) + 1, 1),
        _ => new LocalDate(day.Year, 1, 1),
    };
}
