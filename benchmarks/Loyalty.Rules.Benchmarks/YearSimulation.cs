using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Loyalty.Rules.Samples;
using NodaTime;

namespace Loyalty.Rules.Benchmarks;

/// <summary>
/// A year of a coffee chain: 1,000,000 purchases across 100,000 members through the evaluator and the ledger of P1
/// (its lots, expiry, redemption and fraud checks): every purchase accrues, every third one redeems what it can in
/// blocks of 100, and every month-end expires what is due. Members are independent (the account is the unit of
/// consistency), so members are spread over all cores and each member's events run in time order. Deterministic:
/// each member's purchases come from a generator seeded with the member's number. Run with <c>--simulate-year</c>: each
/// member's year goes through one working account (<see cref="LedgerProcessor.Open"/>, written once at the end, as a host
/// importing a member's history would); with <c>--one-by-one</c> as well, through <see cref="LedgerProcessor.Process"/> and
/// <see cref="LedgerProcessor.Expire"/>, an account written per operation (the same points either way). The clock starts
/// after a warm-up on 20,000 other members (the JIT's tiers settled), unless <c>--cold</c> (as the runs before 2026-12-08).
/// <c>--input-only</c> makes the same transactions and calls no ledger: what the simulation's own input allocates.
/// The working account applies the events for the account alone (<see cref="WorkingAccount.Apply"/>: no outcomes, as an
/// import wants), unless <c>--outcomes</c> (<see cref="WorkingAccount.Process"/>: an outcome per operation, kept until written).
/// </summary>
public static class YearSimulation
{
    private const int Members = 100_000;
    private const int PurchasesPerMember = 10;
    private static readonly string[] Categories = ["coffee", "coffee", "coffee", "food", "food", "merch", "gift-card"];
    private static readonly string[] Channels = ["store", "store", "app", "web"];
    private static readonly string[] Tiers = ["Green", "Green", "Green", "Silver", "Silver", "Gold"];
    private static readonly string[] Skus = [.. Enumerable.Range(0, 1000).Select(n => $"SKU-{n:D4}")]; // the chain's catalogue: codes, not a string per line

    public static void Run(bool oneByOne, bool cold = false, bool inputOnly = false, bool outcomes = false)
    {
        var program = CoffeeProgram.Build();
        var zone = program.TimeZone;
        var yearStart = new LocalDate(2026, 1, 1).AtStartOfDayInZone(zone).ToInstant();
        var monthEnds = Enumerable.Range(1, 12).Select(m => new LocalDate(2026, 1, 1).PlusMonths(m).AtStartOfDayInZone(zone).ToInstant()).ToArray();
        long accrued = 0, redeemed = 0, expired = 0, held = 0, events = 0, purchases = 0;
        if (!cold)
        {
            Year(Members, Members / 5); // a warm-up on other members, not counted: the JIT's tiers settle before the clock starts
            (accrued, redeemed, expired, held, events, purchases) = (0, 0, 0, 0, 0, 0);
        }

        GC.Collect();
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        Year(0, Members);
        clock.Stop();
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        Console.WriteLine(FormattableString.Invariant(
            $"Year simulation ({(oneByOne ? "one by one: an account written per operation" : outcomes ? "a working account per member, written once, with outcomes" : "a working account per member, written once, no outcomes")}{(cold ? ", cold" : "")}{(inputOnly ? ", the input alone: no ledger call" : "")}): {purchases:N0} purchases across {Members:N0} members ({events:N0} ledger operations incl. redemptions and month-end expiry) on {Environment.ProcessorCount} cores in {clock.Elapsed.TotalSeconds:F2} s ({purchases / clock.Elapsed.TotalSeconds:N0} purchases/s)."));
        Console.WriteLine(FormattableString.Invariant(
            $"Points: {accrued:N0} accrued, {redeemed:N0} redeemed, {expired:N0} expired, {held:N0} held at year end. Allocated {allocated / 1e9:F2} GB; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:N0} MB."));

        void Year(int first, int count) => Parallel.For(first, first + count, () => new Totals(), (m, _, totals) =>
        {
            var rng = new Random(m);
            string memberId = $"M{m:D6}";
            var member = new MemberContext(memberId, Tiers[rng.Next(Tiers.Length)]);
            var times = Enumerable.Range(0, PurchasesPerMember).Select(_ => yearStart.Plus(Duration.FromSeconds(rng.Next(0, 365 * 24 * 3600)))).Order().ToArray();
            var ledger = new MemberLedger(program.Ledger, MemberAccount.Open(memberId), oneByOne, inputOnly, outcomes);
            int month = 0;
            for (int p = 0; p < times.Length; p++)
            {
                for (; month < monthEnds.Length && monthEnds[month] <= times[p]; month++)
                {
                    ledger.Expire(monthEnds[month], totals);
                }

                int lineCount = rng.Next(1, 9);
                var lines = new TransactionLine[lineCount];
                for (int l = 0; l < lineCount; l++)
                {
                    int quantity = rng.Next(1, 4);
                    decimal unit = rng.Next(100, 6001) / 100m;
                    decimal discount = rng.Next(10) == 0 ? Math.Round(quantity * unit * 0.10m, 2) : 0m;
                    lines[l] = new TransactionLine(Skus[rng.Next(Skus.Length)], Categories[rng.Next(Categories.Length)], quantity, unit, discount);
                }

                var purchase = new Transaction($"{memberId}-T{p}", memberId, times[p], "USD", Channels[rng.Next(Channels.Length)], lines);
                ledger.Process(new PurchaseEvent(purchase), member, totals);
                totals.Purchases++;
                if (p % 3 == 2 && ledger.BalanceAt(times[p]).Available.Value is var available and >= 100)
                {
                    long points = Math.Min(available, 500) / 100 * 100;
                    ledger.Process(new RedemptionEvent($"{memberId}-R{p}", memberId, times[p].Plus(Duration.FromMinutes(1)), points), member, totals);
                }
            }

            for (; month < monthEnds.Length; month++)
            {
                ledger.Expire(monthEnds[month], totals);
            }

            var account = ledger.Written();
            totals.Accrued += account.Totals.Accrued.Value;
            totals.Redeemed += account.Totals.Redeemed.Value;
            totals.Expired += account.Totals.Expired.Value;
            totals.Held += account.BalanceAt(monthEnds[^1]).Held.Value;
            return totals;
        },
        totals =>
        {
            Interlocked.Add(ref accrued, totals.Accrued);
            Interlocked.Add(ref redeemed, totals.Redeemed);
            Interlocked.Add(ref expired, totals.Expired);
            Interlocked.Add(ref held, totals.Held);
            Interlocked.Add(ref events, totals.Events);
            Interlocked.Add(ref purchases, totals.Purchases);
        });
    }

    /// <summary>One member's account through the year: a working account, or (one by one) the account each operation writes.</summary>
    private sealed class MemberLedger(LedgerProcessor ledger, MemberAccount account, bool oneByOne, bool inputOnly, bool outcomes)
    {
        private readonly WorkingAccount? working = oneByOne || inputOnly ? null : ledger.Open(account);

        public void Process(LedgerEvent e, MemberContext member, Totals totals)
        {
            totals.Events++;
            if (inputOnly)
            {
                return; // what the simulation itself allocates: its transactions, their lines and ids
            }

            if (working is null)
            {
                account = ledger.Process(account, e, member).Account;
            }
            else if (outcomes)
            {
                working.Process(e, member);
            }
            else
            {
                working.Apply(e, member);
            }
        }

        public void Expire(Instant asOf, Totals totals)
        {
            totals.Events++;
            if (inputOnly)
            {
                return;
            }

            if (working is null)
            {
                account = ledger.Expire(account, asOf).Account;
            }
            else if (outcomes)
            {
                working.Expire(asOf);
            }
            else
            {
                working.ApplyExpiry(asOf);
            }
        }

        public AccountBalance BalanceAt(Instant at) => working?.BalanceAt(at) ?? account.BalanceAt(at);

        public MemberAccount Written()
        {
            if (working is not null)
            {
                account = working.ToAccount();
                working.Dispose();
            }

            return account;
        }
    }

    private sealed class Totals
    {
        public long Accrued;
        public long Redeemed;
        public long Expired;
        public long Held;
        public long Events;
        public long Purchases;
    }
}
