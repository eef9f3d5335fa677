using System.Linq;
using NodaTime;
using Xunit;

namespace Loyalty.Rules.Tests.Ledger;

/// <summary>Lots no refund can reach and nothing else tells apart become one lot.</summary>
public sealed class LotMergeTests
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    private static readonly MemberContext Member = new("M1");

    private static LoyaltyProgram Program() => new LoyaltyProgramBuilder("merge", "USD", NewYork)
        .WithLots(new LotPolicy { PendingDays = 1, Expiry = ExpiryPolicy.FixedTerm(Period.FromMonths(12)) })
        .WithLedger(LedgerPolicy.Default with { RefundWindow = Period.FromDays(30) })
        .AddEarnRate("base", 1m)
        .Build();

    private static PurchaseEvent Sale(string id, Instant at, decimal amount)
        => new(new Transaction(id, "M1", at, "USD", "store", [new TransactionLine("SKU", "coffee", 1m, amount)]));

    [Fact]
    public void SameDayLots_MergeOnceTheRefundWindowHasPassed_AndSpendAsOne()
    {
        var program = Program();
        var day = new LocalDate(2026, 3, 2);
        var account = MemberAccount.Open("M1");
        int n = 0;
        foreach (var (hour, amount) in new[] { (8, 10m), (12, 20m), (19, 30m) })
        {
            account = program.Ledger.Process(account, Sale($"T{n++}", day.At(new LocalTime(hour, 0)).InZoneLeniently(NewYork).ToInstant(), amount), Member).Account;
        }

        Assert.Equal(3, account.Lots.Length);

        // Day 30: a refund could still reach them; nothing merges.
        var within = day.PlusDays(30).At(new LocalTime(9, 0)).InZoneLeniently(NewYork).ToInstant();
        account = program.Ledger.Process(account, Sale("T3", within, 5m), Member).Account;
        Assert.Equal([10L, 20L, 30L, 5L], account.Lots.Select(l => l.Remaining.Value));

        // Day 32: the three purchases left the refund window; their lots (same expiry, same availability) are one.
        var after = day.PlusDays(32).At(new LocalTime(9, 0)).InZoneLeniently(NewYork).ToInstant();
        var outcome = program.Ledger.Process(account, Sale("T4", after, 7m), Member);
        account = outcome.Account;
        var merged = account.Lots[0];
        Assert.Equal(("T0/accrual", "T0", 60L, 60L), (merged.Id, merged.SourceId, merged.Points.Value, merged.Remaining.Value));
        Assert.Equal([60L, 5L, 7L], account.Lots.Select(l => l.Remaining.Value));
        Assert.DoesNotContain(outcome.Entries, e => e.LotId == "T1/accrual" || e.LotId == "T2/accrual"); // no points moved
        Assert.Equal(72L, account.BalanceAt(after.Plus(Duration.FromDays(2))).Available.Value + account.BalanceAt(after.Plus(Duration.FromDays(2))).Pending.Value);

        // A redemption of 50 takes them as one lot; its cancellation puts them back.
        var redeemed = program.Ledger.Process(account, new RedemptionEvent("R1", "M1", after.Plus(Duration.FromDays(1)), 50), Member);
        Assert.Equal([("T0/accrual", 50L)], redeemed.Entries.Where(e => e.Kind == LedgerEntryKind.Redeemed).Select(e => (e.LotId!, e.Points.Value)));
        var cancelled = program.Ledger.Process(redeemed.Account, new RedemptionCancellationEvent("C1", "M1", after.Plus(Duration.FromDays(1)), "R1"), Member).Account;
        Assert.Equal([60L, 5L, 7L], cancelled.Lots.Select(l => l.Remaining.Value));
    }

    [Fact]
    public void LotsOfOtherDays_OrHeldOrOfOtherRules_StayApart()
    {
        var program = Program();
        var account = MemberAccount.Open("M1");
        var first = Instant.FromUtc(2026, 3, 2, 15, 0);
        account = program.Ledger.Process(account, Sale("T0", first, 10m), Member).Account;
        account = program.Ledger.Process(account, Sale("T1", first.Plus(Duration.FromDays(1)), 20m), Member).Account; // expires a day later
        account = program.Ledger.Process(account, Sale("T2", first.Plus(Duration.FromDays(40)), 5m), Member).Account;
        Assert.Equal([10L, 20L, 5L], account.Lots.Select(l => l.Remaining.Value));
    }
}
