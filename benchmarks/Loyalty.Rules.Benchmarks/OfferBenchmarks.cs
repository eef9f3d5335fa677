using BenchmarkDotNet.Attributes;
using NodaTime;

namespace Loyalty.Rules.Benchmarks;

/// <summary>A purchase into a new account under a limited offer, without and with a campaign budget (claim, decide, apply).</summary>
[MemoryDiagnoser]
public class OfferBenchmarks
{
    private static readonly Instant December = Instant.FromUtc(2026, 12, 1, 5, 0);
    private LoyaltyProgram plain = null!;
    private LoyaltyProgram budgeted = null!;
    private PurchaseEvent purchase = null!;
    private MemberContext member = null!;
    private MemberAccount account = null!;

    [GlobalSetup]
    public void Setup()
    {
        LoyaltyProgram Program(CampaignBudget? budget) => new LoyaltyProgramBuilder("offers", "USD", DateTimeZoneProviders.Tzdb["America/New_York"])
            .AddEarnRate("base", 1m)
            .AddPolicy(new TargetedOffer
            {
                Id = "comeback",
                When = new Condition { Segments = ["lapsed"] },
                StartsAt = December,
                EndsAt = December.Plus(Duration.FromDays(31)),
                Points = new Points(400),
                Limit = new OfferLimit(2, CalendarPeriod.Week),
                Budget = budget,
            })
            .Build();
        plain = Program(null);
        budgeted = Program(new CampaignBudget(new Points(long.MaxValue / 2), AllowPartial: true));
        purchase = new PurchaseEvent(new Transaction("T1", "M1", December.Plus(Duration.FromDays(3)), "USD", "store", [new TransactionLine("BEANS", "coffee", 1m, 12.00m)]));
        member = new MemberContext("M1", segments: ["lapsed"]);
        account = MemberAccount.Open("M1");
    }

    [Benchmark(Baseline = true, Description = "Purchase under a limited offer (no budget)")]
    public LedgerOutcome Plain() => plain.Ledger.Process(account, purchase, member);

    [Benchmark(Description = "Purchase under a budgeted offer (claim, decide, apply)")]
    public LedgerOutcome Budgeted() => budgeted.Ledger.ProcessWithBudgets(account, purchase, member, claim => claim.Decide(long.MaxValue / 2));
}
