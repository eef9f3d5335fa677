using System.Linq;
using BenchmarkDotNet.Attributes;
using NodaTime;

namespace Loyalty.Rules.Benchmarks;

/// <summary>The ledger: redeeming against a large account, and expiring typical accounts.</summary>
[MemoryDiagnoser]
public class LedgerBenchmarks
{
    private const int ExpireBatch = 1_000;
    private static readonly Instant Start = Instant.FromUtc(2025, 1, 1, 12, 0);
    private LoyaltyProgram program = null!;
    private MemberAccount large = null!;
    private MemberAccount largeOfOddLots = null!;
    private MemberAccount[] typical = null!;
    private RedemptionEvent redemption = null!;
    private MemberContext member = null!;
    private Instant asOf;
    private LoyaltyProgram tiered = null!;
    private MemberAccount ninetyDays = null!;
    private MemberAccount ninetyDaysTiered = null!;
    private LoyaltyProgram games = null!;
    private MemberAccount ninetyDaysOfGames = null!;
    private PurchaseEvent purchase = null!;
    private RewardRedemptionEvent reward = null!;
    private PurchaseEvent[] nextDays = null!;
    private MemberAccount opened = null!;
    private PurchaseEvent[] daily = null!;
    private MemberAccount today = null!;
    private int day;
    private LoyaltyProgram transfers = null!;
    private MemberAccount ninetyDaysToGive = null!;
    private TransferOutEvent give = null!;
    private TransferInEvent receive = null!;
    private const int Batch = 10;
    private const int Days = 90;

    [GlobalSetup]
    public void Setup()
    {
        program = new LoyaltyProgramBuilder("bench", "USD", DateTimeZoneProviders.Tzdb["America/New_York"])
            .WithLots(new LotPolicy { Expiry = ExpiryPolicy.FixedTerm(Period.FromMonths(12)) })
            .AddEarnRate("base", 1m)
            .AddReward(new CatalogReward { Id = "drink", Name = "A free drink", Points = 150, Value = 4.50m, Product = "drink", ValidForDays = 30 })
            .Build();
        member = new MemberContext("M1");

        // 10,000 lots, one an hour, each of 100 points.
        large = Account("M1", 10_000, hours: 1);
        largeOfOddLots = Account("M1", 10_000, hours: 1, points: 30); // 25,000 points end inside a lot: the account keeps what is left of it
        redemption = new RedemptionEvent("R1", "M1", Start.Plus(Duration.FromDays(400)), 25_000);

        // Accounts of 10 lots earned a month apart: at asOf, the first few are due.
        typical = Enumerable.Range(0, ExpireBatch).Select(i => Account($"M{i}", 10, hours: 24 * 30)).ToArray();
        asOf = Start.Plus(Duration.FromDays(30 * 15));

        // 90 daily purchases, without and with a calendar-year ladder (the account keeps the tier).
        tiered = new LoyaltyProgramBuilder("bench-tiers", "USD", DateTimeZoneProviders.Tzdb["America/New_York"])
            .WithLots(new LotPolicy { Expiry = ExpiryPolicy.FixedTerm(Period.FromMonths(12)) })
            .WithTierLadder(new TierLadder
            {
                Tiers =
                [
                    new TierDefinition { Id = "Member" },
                    new TierDefinition { Id = "Silver", Thresholds = new System.Collections.Generic.Dictionary<TierMetric, decimal> { [TierMetric.Spend] = 500m } },
                    new TierDefinition { Id = "Gold", Thresholds = new System.Collections.Generic.Dictionary<TierMetric, decimal> { [TierMetric.Spend] = 2_000m } },
                ],
            })
            .AddEarnRate("base", 1m)
            .Build();
        // The same program with a week challenge (5 distinct days), a stamp card (every 10 coffees) and a day streak.
        games = new LoyaltyProgramBuilder("bench-games", "USD", DateTimeZoneProviders.Tzdb["America/New_York"])
            .WithLots(new LotPolicy { Expiry = ExpiryPolicy.FixedTerm(Period.FromMonths(12)) })
            .AddEarnRate("base", 1m)
            .AddChallenge(new Challenge { Id = "week", Name = "Five days a week", Goal = ChallengeGoal.DistinctDays, Target = 5, Window = CalendarPeriod.Week, Reward = new GameReward { Points = 100 } })
            .AddStampCard(new StampCard { Id = "card", Name = "The 10th coffee", Every = 10, Category = "coffee", Reward = new GameReward { Points = 40 } })
            .AddStreak(new Streak { Id = "days", Name = "Days in a row", Period = StreakPeriod.Day, Rewards = [new StreakReward(7, new GameReward { Points = 70 }), new StreakReward(30, new GameReward { Points = 300 })] })
            .Build();
        ninetyDaysOfGames = Purchases(games, 90);
        ninetyDays = Purchases(program, 90);
        ninetyDaysTiered = Purchases(tiered, 90);
        purchase = new PurchaseEvent(Sale("next", Start.Plus(Duration.FromDays(91))));
        reward = new RewardRedemptionEvent("drink1", "M1", Start.Plus(Duration.FromDays(91)), "drink");
        nextDays = Enumerable.Range(0, Batch).Select(d => new PurchaseEvent(Sale($"next{d}", Start.Plus(Duration.FromDays(91 + d))))).ToArray();
        opened = MemberAccount.Open("M1");
        daily = Enumerable.Range(0, Days).Select(d => new PurchaseEvent(Sale($"day{d}", Start.Plus(Duration.FromDays(90 + d))))).ToArray();
        today = ninetyDays;

        // Transfers with a 10% fee: the 90-day account gives 500 points; and takes 500 a second member gave.
        transfers = new LoyaltyProgramBuilder("bench-transfers", "USD", DateTimeZoneProviders.Tzdb["America/New_York"])
            .WithLots(new LotPolicy { Expiry = ExpiryPolicy.FixedTerm(Period.FromMonths(12)) })
            .AddEarnRate("base", 1m)
            .WithTransfers(new TransferPolicy { FeeRate = 0.10m, MaximumPerPeriod = 5_000 })
            .Build();
        ninetyDaysToGive = Purchases(transfers, 90);
        give = new TransferOutEvent("gift", "M1", "M2", Start.Plus(Duration.FromDays(91)), 500);
        var giver = transfers.Ledger.Process(MemberAccount.Open("M2"), new AdjustmentEvent("A", "M2", Start, 10_000, "bench"), new MemberContext("M2")).Account;
        receive = new TransferInEvent(transfers.Ledger.Process(giver, new TransferOutEvent("gift2", "M2", "M1", Start.Plus(Duration.FromDays(91)), 500), new MemberContext("M2")).Transfer!);
    }

    [Benchmark(Description = "Give 500 points (10% fee) from a 90-day account: the giver's side, its receipt signed")]
    public LedgerOutcome GiveFromNinetyDays() => transfers.Ledger.Process(ninetyDaysToGive, give, member);

    [Benchmark(Description = "Redeem 550 points from a 90-day account (the same lots a gift of 500 and its fee take)")]
    public LedgerOutcome RedeemAsMuchAsAGift() => transfers.Ledger.Process(ninetyDaysToGive, new RedemptionEvent("r550", "M1", Start.Plus(Duration.FromDays(91)), 550), member);

    [Benchmark(Description = "Receive 500 points into a 90-day account: the receiver's side, the signature checked")]
    public LedgerOutcome ReceiveIntoNinetyDays() => transfers.Ledger.Process(ninetyDaysToGive, receive, member);

    /// <summary>
    /// A member buying once a day, the account kept in memory (a grain, a batch, a cache): each purchase goes into the
    /// account the one before wrote, the windows moving on. Starts from the 90-day account and again from it after 90
    /// more days (so 90 to 180 days of lots; none is due in a 12-month expiry).
    /// </summary>
    [Benchmark(Description = "Purchase a day into the account the day before wrote (90-180 days, in memory)")]
    public LedgerOutcome PurchaseDaily()
    {
        if (day == Days)
        {
            (day, today) = (0, ninetyDays);
        }

        var outcome = program.Ledger.Process(today, daily[day++], member);
        today = outcome.Account;
        return outcome;
    }

    [Benchmark(Description = "Purchase into a new account")]
    public LedgerOutcome PurchaseIntoNewAccount() => program.Ledger.Process(opened, purchase, member);

    [Benchmark(Description = "Purchase into a 90-day account, batches of 10 (ProcessAll), per purchase", OperationsPerInvoke = Batch)]
    public LedgerBatchOutcome PurchasesInBatch() => program.Ledger.ProcessAll(ninetyDays, nextDays, member);

    [Benchmark(Description = "Purchase into a 90-day account, batches of 10 applied for the account alone (WorkingAccount.Apply), per purchase", OperationsPerInvoke = Batch)]
    public MemberAccount PurchasesApplied()
    {
        using var working = program.Ledger.Open(ninetyDays);
        foreach (var next in nextDays)
        {
            working.Apply(next, member);
        }

        return working.ToAccount();
    }

    [Benchmark(Description = "Purchase into a 90-day account, no tier ladder")]
    public LedgerOutcome PurchaseWithoutLadder() => program.Ledger.Process(ninetyDays, purchase, member);

    [Benchmark(Description = "Purchase into a 90-day account, the account keeps the tier")]
    public LedgerOutcome PurchaseWithLadder() => tiered.Ledger.Process(ninetyDaysTiered, purchase, member);

    [Benchmark(Description = "Purchase into a 90-day account with a challenge, a stamp card and a streak")]
    public LedgerOutcome PurchaseWithGames() => games.Ledger.Process(ninetyDaysOfGames, purchase, member);

    [Benchmark(Description = "Redeem a catalog reward from a 90-day account (points taken, voucher issued)")]
    public LedgerOutcome RedeemCatalogReward() => program.Ledger.Process(ninetyDays, reward, member);

    private MemberAccount Purchases(LoyaltyProgram on, int days)
    {
        var account = MemberAccount.Open("M1");
        for (int day = 0; day < days; day++)
        {
            account = on.Ledger.Process(account, new PurchaseEvent(Sale($"T{day}", Start.Plus(Duration.FromDays(day)))), member).Account;
        }

        return account;
    }

    private static Transaction Sale(string id, Instant at) => new(id, "M1", at, "USD", "store", [new TransactionLine("SKU", "coffee", 1m, 12.50m)]);

    [Benchmark(Description = "Redeem 25,000 points from an account of 10,000 lots")]
    public LedgerOutcome RedeemFromTenThousandLots() => program.Ledger.Process(large, redemption, member);

    [Benchmark(Description = "Redeem 25,000 points from 10,000 lots of 30, the last one in part")]
    public LedgerOutcome RedeemEndingInsideALot() => program.Ledger.Process(largeOfOddLots, redemption, member);

    [Benchmark(Description = "Expire one account of 10 lots (3 due)", OperationsPerInvoke = ExpireBatch)]
    public int ExpireTypicalAccounts()
    {
        int entries = 0;
        foreach (var account in typical)
        {
            entries += program.Ledger.Expire(account, asOf).Entries.Length;
        }

        return entries;
    }

    /// <summary>
    /// Builds 1,000,000 accounts of 10 lots and expires them all once, on one core: wall time, bytes allocated by
    /// the expiry pass, and the process's peak working set. Run with <c>--expire-million</c>.
    /// </summary>
    public static void ExpireOneMillionAccounts()
    {
        var bench = new LedgerBenchmarks();
        bench.Setup();
        var accounts = new MemberAccount[1_000_000];
        for (int i = 0; i < accounts.Length; i++)
        {
            accounts[i] = bench.Account($"M{i}", 10, hours: 24 * 30);
        }

        System.GC.Collect();
        long allocated = System.GC.GetAllocatedBytesForCurrentThread();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long expired = 0;
        foreach (var account in accounts)
        {
            expired += bench.program.Ledger.Expire(account, bench.asOf).Account.Totals.Expired.Value;
        }

        clock.Stop();
        allocated = System.GC.GetAllocatedBytesForCurrentThread() - allocated;
        System.Console.WriteLine(System.FormattableString.Invariant(
            $"Expired {expired:N0} points from 1,000,000 accounts (10,000,000 lots) in {clock.Elapsed.TotalSeconds:F2} s; {allocated / 1_000_000_000.0:F2} GB allocated by the pass; peak working set {System.Environment.WorkingSet / 1_000_000_000.0:F2} GB now, {System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / 1_000_000_000.0:F2} GB peak."));
    }

    /// <summary>An account of <paramref name="lots"/> lots of 100 points, one every <paramref name="hours"/> hours, as a host would load it.</summary>
    private MemberAccount Account(string memberId, int lots, int hours, int points = 100)
    {
        var zone = program.TimeZone;
        var json = new System.Text.StringBuilder($"{{\"memberId\":\"{memberId}\",\"totals\":{{\"accrued\":{(long)points * lots}}},\"lots\":[");
        for (int i = 0; i < lots; i++)
        {
            var earned = Start.Plus(Duration.FromHours(hours * i));
            var expires = earned.InZone(zone).Date.PlusMonths(12).PlusDays(1).AtStartOfDayInZone(zone).ToInstant();
            json.Append(i == 0 ? "" : ",").Append(System.FormattableString.Invariant(
                $"{{\"id\":\"T{i}/accrual\",\"sourceId\":\"T{i}\",\"ruleId\":\"accrual\",\"points\":{points},\"remaining\":{points},\"earnedAt\":\"{earned}\",\"availableAt\":\"{earned}\",\"expiresAt\":\"{expires}\",\"matured\":true}}"));
        }

        return MemberAccount.FromJson(json.Append("]}").ToString());
    }
}
