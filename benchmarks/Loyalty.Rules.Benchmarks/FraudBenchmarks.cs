using BenchmarkDotNet.Attributes;
using NodaTime;

namespace Loyalty.Rules.Benchmarks;

/// <summary>
/// What the fraud checks add to processing one purchase: the same purchase into the same account (90 days of daily
/// purchases remembered), by a program without checks and by one with six.
/// </summary>
[MemoryDiagnoser]
public class FraudBenchmarks
{
    private static readonly Instant Start = Instant.FromUtc(2026, 1, 1, 17, 0);
    private LoyaltyProgram plain = null!;
    private LoyaltyProgram checkedProgram = null!;
    private MemberAccount account = null!;
    private PurchaseEvent purchase = null!;
    private MemberContext member = null!;

    [GlobalSetup]
    public void Setup()
    {
        LoyaltyProgramBuilder Builder() => new LoyaltyProgramBuilder("bench", "USD", DateTimeZoneProviders.Tzdb["America/New_York"])
            .WithLots(new LotPolicy { PendingDays = 14, Expiry = ExpiryPolicy.FixedTerm(Period.FromMonths(12)) })
            .AddEarnRate("base", 2m);
        plain = Builder().Build();
        checkedProgram = Builder()
            .AddFraudCheck(new PointsCeiling(1500))
            .AddFraudCheck(new SpendCeiling(1000m))
            .AddFraudCheck(new Velocity(Duration.FromHours(1)) { MaxPurchases = 5 })
            .AddFraudCheck(new Velocity(Duration.FromHours(24)) { Id = "daily-points", MaxPoints = 3000 })
            .AddFraudCheck(new NewMemberEarning(30, 5000))
            .AddFraudCheck(new DuplicateTransaction())
            .WithHoldReview(new HoldReview(7, HoldResolution.Void))
            .Build();
        member = new MemberContext("M1", enrolledOn: new LocalDate(2025, 6, 1));
        account = MemberAccount.Open("M1");
        for (int day = 0; day < 90; day++)
        {
            account = plain.Ledger.Process(account, new PurchaseEvent(Purchase($"T{day}", Start.Plus(Duration.FromDays(day)))), member).Account;
        }

        purchase = new PurchaseEvent(Purchase("T-NEXT", Start.Plus(Duration.FromDays(90))));
    }

    [Benchmark(Baseline = true, Description = "Process a purchase, no fraud checks")]
    public LedgerOutcome WithoutChecks() => plain.Ledger.Process(account, purchase, member);

    [Benchmark(Description = "Process a purchase, six fraud checks")]
    public LedgerOutcome WithChecks() => checkedProgram.Ledger.Process(account, purchase, member);

    private static Transaction Purchase(string id, Instant at)
        => new(id, "M1", at, "USD", "store", [new TransactionLine("LATTE", "coffee", 2m, 4.95m), new TransactionLine("BEANS", "coffee", 1m, 17.50m)]);
}
