using System.Collections.Generic;
using System.Linq;
using Loyalty.Rules.Testing;
using NodaTime;
using Xunit;

namespace Loyalty.Rules.Tests;

public class OfferTests
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];

    /// <summary>1 December 2026 00:00 in New York (EST, UTC-5).</summary>
    private static readonly Instant December = Instant.FromUtc(2026, 12, 1, 5, 0);

    private static TargetedOffer Offer(string id = "comeback", long points = 500) => new()
    {
        Id = id,
        Description = "Come back",
        StartsAt = December,
        EndsAt = December.Plus(Duration.FromDays(7)),
        Points = new Points(points),
        When = new Condition { Segments = ["lapsed"] },
    };

    private static LoyaltyProgram Program(params EarnPolicy[] policies)
    {
        var builder = new LoyaltyProgramBuilder("offers", "USD", NewYork).AddEarnRate("base", 1m);
        foreach (var policy in policies)
        {
            builder.AddPolicy(policy);
        }

        return builder.Build();
    }

    private static Transaction Purchase(string id, LocalDateTime at, decimal amount = 20.00m, string member = "M1")
        => new TransactionBuilder(id).By(member).At(at, NewYork).Line("X", "coffee", 1m, amount).Build();

    private static readonly MemberContext Lapsed = new MemberBuilder().WithSegments("lapsed").Build();

    [Fact]
    public void AnOffer_ActsForItsSegments_FromItsStartInclusive_ToItsEndExclusive()
    {
        var program = Program(Offer());
        var other = new MemberBuilder().WithSegments("vip").Build();

        Assert.Equal(20, program.Evaluator.Evaluate(Purchase("A", new LocalDateTime(2026, 11, 30, 23, 59, 59)), Lapsed).Total.Value);
        Assert.Equal(520, program.Evaluator.Evaluate(Purchase("B", new LocalDateTime(2026, 12, 1, 0, 0)), Lapsed).Total.Value);
        Assert.Equal(520, program.Evaluator.Evaluate(Purchase("C", new LocalDateTime(2026, 12, 7, 23, 59, 59)), Lapsed).Total.Value);
        Assert.Equal(20, program.Evaluator.Evaluate(Purchase("D", new LocalDateTime(2026, 12, 8, 0, 0)), Lapsed).Total.Value);
        Assert.Equal(20, program.Evaluator.Evaluate(Purchase("E", new LocalDateTime(2026, 12, 2, 12, 0)), other).Total.Value);

        var item = program.Evaluator.Evaluate(Purchase("F", new LocalDateTime(2026, 12, 2, 12, 0)), Lapsed).Items.Single(i => i.RuleId == "comeback");
        Assert.Equal("+500 Come back (offer) (segment lapsed)", item.Reason);
    }

    [Fact]
    public void AFactorOffer_PaysTheRateEarnedPointsAgain_RoundedAsTheProgramRounds_AndAMinimumSpendGatesIt()
    {
        var program = Program(Offer() with { Points = default, Factor = 2.5m, MinimumSpend = 15.00m });

        var result = program.Evaluator.Evaluate(Purchase("A", new LocalDateTime(2026, 12, 2, 12, 0), 15.01m), Lapsed);
        Assert.Equal(15 + 22, result.Total.Value); // 15.01 x 1.5 = 22.515, floored to 22; the rate's 15.01 floors to 15 with it
        Assert.Equal(new AccrualItem("comeback", AccrualItemKind.Multiplier, 22m, 2.5m, "x2.5 Come back (offer) (segment lapsed)"), result.Items.Single(i => i.RuleId == "comeback"));
        Assert.Equal(14, program.Evaluator.Evaluate(Purchase("B", new LocalDateTime(2026, 12, 2, 12, 0), 14.99m), Lapsed).Total.Value);
    }

    [Fact]
    public void OncePerMember_TheAccountCountsTheUse_AndTheSecondPurchaseGetsNothing()
    {
        var program = Program(Offer() with { Limit = OfferLimit.Once });
        var first = program.Ledger.Process(MemberAccount.Open("M1"), new PurchaseEvent(Purchase("A", new LocalDateTime(2026, 12, 1, 9, 0))), Lapsed);
        var second = program.Ledger.Process(first.Account, new PurchaseEvent(Purchase("B", new LocalDateTime(2026, 12, 2, 9, 0))), Lapsed);

        Assert.Equal([520L, 20L], new[] { first, second }.Select(o => o.Accrual!.Total.Value));
        Assert.Equal([new OfferUse("comeback", LocalDate.MinIsoValue, 1)], second.Account.State.Get(TargetedOfferState.Uses).ToArray());
        Assert.Equal(second.Account, MemberAccount.FromJson(second.Account.ToJson()));
    }

    [Fact]
    public void TwicePerMonth_TheThirdUseInAMonthIsRefused_AndTheNextMonthStartsAtLocalMidnight()
    {
        var program = Program(Offer() with { EndsAt = December.Plus(Duration.FromDays(90)), Limit = new OfferLimit(2, CalendarPeriod.Month) });
        var account = MemberAccount.Open("M1");
        var totals = new List<long>();
        foreach (var (id, at) in new[]
        {
            ("A", new LocalDateTime(2026, 12, 1, 0, 0)),
            ("B", new LocalDateTime(2026, 12, 15, 9, 0)),
            ("C", new LocalDateTime(2026, 12, 31, 23, 59, 59)),
            ("D", new LocalDateTime(2027, 1, 1, 0, 0)),
        })
        {
            var outcome = program.Ledger.Process(account, new PurchaseEvent(Purchase(id, at)), Lapsed);
            totals.Add(outcome.Accrual!.Total.Value);
            account = outcome.Account;
        }

        Assert.Equal([520L, 520L, 20L, 520L], totals);
        Assert.Equal([new OfferUse("comeback", new LocalDate(2026, 12, 1), 2), new OfferUse("comeback", new LocalDate(2027, 1, 1), 1)], account.State.Get(TargetedOfferState.Uses).ToArray());

        // Uses in February: December is forgotten, so a late December purchase cannot use the offer any more.
        account = program.Ledger.Process(account, new PurchaseEvent(Purchase("E", new LocalDateTime(2027, 2, 1, 9, 0))), Lapsed).Account;
        Assert.Equal([new LocalDate(2027, 1, 1), new LocalDate(2027, 2, 1)], account.State.Get(TargetedOfferState.Uses).Select(u => u.WindowStart));
        Assert.Equal(20, program.Ledger.Process(account, new PurchaseEvent(Purchase("F", new LocalDateTime(2026, 12, 20, 9, 0))), Lapsed).Accrual!.Total.Value);
        Assert.Equal(520, program.Ledger.Process(account, new PurchaseEvent(Purchase("G", new LocalDateTime(2027, 1, 20, 9, 0))), Lapsed).Accrual!.Total.Value);
    }

    [Theory]
    [InlineData(true, 200L, BudgetClaimStatus.Partial)]
    [InlineData(false, 0L, BudgetClaimStatus.Refused)]
    public void ABudget_IsExhaustedByTheTransactionThatCrossesIt_PartlyOrNotAtAll_AsThePolicySays(bool partial, long third, BudgetClaimStatus status)
    {
        var program = Program(Offer() with { Points = new Points(400), Budget = new CampaignBudget(new Points(1000), partial) });
        var budgets = new LoyaltyBudgets(program);
        var outcomes = new List<LedgerOutcome>();
        foreach (var (member, id) in new[] { ("M1", "A"), ("M2", "B"), ("M3", "C"), ("M4", "D") })
        {
            var context = new MemberBuilder(member).WithSegments("lapsed").Build();
            var purchase = new PurchaseEvent(Purchase(id, new LocalDateTime(2026, 12, 2, 9, 0), member: member));
            var awaiting = program.Ledger.Process(MemberAccount.Open(member), purchase, context);
            Assert.Equal((LedgerStatus.AwaitingBudget, MemberAccount.Open(member), 0), (awaiting.Status, awaiting.Account, awaiting.Entries.Length)); // nothing applied yet
            outcomes.Add(budgets.Process(MemberAccount.Open(member), purchase, context));
        }

        Assert.All(outcomes, o => Assert.Equal(LedgerStatus.Applied, o.Status));
        Assert.Equal([420L, 420L, 20L + third, 20L], outcomes.Select(o => o.Accrual!.Total.Value));
        Assert.Equal(partial ? 0 : 200, budgets.Left("comeback"));
        var claim = Assert.Single(outcomes[2].Accrual!.Claims);
        Assert.Equal((status, third), (claim.Status, claim.Granted));
        Assert.Equal(partial ? "+200 Come back (offer) (segment lapsed): budget partial: 200 of 400 granted, budget exhausted" : "+0 Come back (offer) (segment lapsed): refused: budget exhausted",
            outcomes[2].Accrual!.Items.Single(i => i.RuleId == "comeback").Reason);
        Assert.Equal(BudgetClaimStatus.Refused, outcomes[3].Accrual!.Claims.Single().Status);
    }

    [Fact]
    public void APendingClaim_PaysNothingYet_AndIsLoweredToWhatTheTransactionCapLetsThrough()
    {
        var program = new LoyaltyProgramBuilder("offers", "USD", NewYork).AddEarnRate("base", 1m)
            .AddPolicy(Offer() with { Budget = new CampaignBudget(new Points(10_000)) })
            .AddPolicy(new TransactionCap { Id = "cap", MaxPoints = new Points(1000) })
            .Build();

        var pending = program.Evaluator.Evaluate(Purchase("A", new LocalDateTime(2026, 12, 2, 9, 0), 900m), Lapsed);
        Assert.True(pending.HasPendingClaims);
        Assert.Equal(900, pending.Total.Value);
        Assert.Equal(new BudgetClaim("comeback", "A", "M1", 100, false), pending.Claims.Single());
        Assert.Equal(0m, pending.Items.Single(i => i.RuleId == "comeback").Points);

        var granted = program.Evaluator.Evaluate(Purchase("A", new LocalDateTime(2026, 12, 2, 9, 0), 900m), Lapsed, [pending.Claims[0].Decide(10_000)]);
        Assert.False(granted.HasPendingClaims);
        Assert.Equal(1000, granted.Total.Value);
        Assert.False(granted.Capped);
    }

    [Fact]
    public void OverlappingExclusiveOffers_TheHigherPriorityWins_AndARefusedBudgetFallsThroughToTheNext()
    {
        var group = new PolicyGroup
        {
            Id = "offers",
            Composition = Composition.FirstMatch,
            Policies =
            [
                Offer("general", 100),
                Offer("vip", 800) with { Priority = 10, Budget = new CampaignBudget(new Points(800)), When = new Condition { Segments = ["lapsed", "vip"] } },
            ],
        };
        var program = Program(group);
        var budgets = new LoyaltyBudgets(program);

        var first = budgets.Process(MemberAccount.Open("M1"), new PurchaseEvent(Purchase("A", new LocalDateTime(2026, 12, 2, 9, 0))), Lapsed);
        var second = budgets.Process(MemberAccount.Open("M1"), new PurchaseEvent(Purchase("B", new LocalDateTime(2026, 12, 2, 10, 0))), Lapsed);

        Assert.Equal(820, first.Accrual!.Total.Value);
        Assert.Equal(120, second.Accrual!.Total.Value); // vip refused (budget exhausted): the general offer pays
        Assert.Equal(["base", "vip", "general"], second.Accrual.Items.Select(i => i.RuleId));
        Assert.Equal(0, budgets.Left("vip"));
    }

    [Fact]
    public void ABudgetDecisionThatProcessesAnotherEvent_LeavesBothOutcomesAsAlone()
    {
        // The ledger reuses its working memory per thread: a host's decide that itself processes an event (another
        // member's, on the same thread) must get its own, and neither outcome may see the other.
        var program = Program(Offer() with { Budget = new CampaignBudget(new Points(1000)) });
        var other = new MemberBuilder("M2").Build(); // not lapsed: no offer, no claim
        program.Ledger.Process(MemberAccount.Open("M3"), new PurchaseEvent(Purchase("W", new LocalDateTime(2026, 12, 1, 9, 0), 10m, "M3")), new MemberContext("M3")); // the thread has working memory to give
        LedgerOutcome? inside = null;
        var outcome = program.Ledger.ProcessWithBudgets(MemberAccount.Open("M1"), new PurchaseEvent(Purchase("A", new LocalDateTime(2026, 12, 2, 9, 0))), Lapsed, claim =>
        {
            inside ??= program.Ledger.Process(MemberAccount.Open("M2"), new PurchaseEvent(Purchase("B", new LocalDateTime(2026, 12, 2, 9, 30), 40.00m, "M2")), other);
            return claim.Decide(1000);
        });
        var alone = program.Ledger.Process(MemberAccount.Open("M2"), new PurchaseEvent(Purchase("B", new LocalDateTime(2026, 12, 2, 9, 30), 40.00m, "M2")), other);

        Assert.Equal(520, outcome.Accrual!.Total.Value);
        Assert.Equal(["A/accrual"], outcome.Account.Lots.Select(l => l.Id));
        Assert.Equal(alone.Account, inside!.Account);
        Assert.Equal(["B/accrual"], inside.Account.Lots.Select(l => l.Id));
        Assert.Equal(520, program.Ledger.Process(outcome.Account, new PurchaseEvent(Purchase("A", new LocalDateTime(2026, 12, 2, 9, 0))), Lapsed).Account.Lots.Sum(l => l.Points.Value)); // a duplicate: nothing new
    }

    [Fact]
    public void GrantsAreChecked_AndAProcessedPurchaseIsADuplicateWithOrWithoutThem()
    {
        var program = Program(Offer() with { Budget = new CampaignBudget(new Points(1000)) });
        var purchase = Purchase("A", new LocalDateTime(2026, 12, 2, 9, 0));
        var claim = program.Evaluator.Evaluate(purchase, Lapsed).Claims.Single();

        var pending = Assert.ThrowsAny<System.ArgumentException>(() => program.Evaluator.Evaluate(purchase, Lapsed, [claim]));
        Assert.StartsWith("grants[0]: the claim of offer 'comeback' is pending: decide it (BudgetClaim.Decide) before evaluating with it.", pending.Message);
        var other = Assert.ThrowsAny<System.ArgumentException>(() => program.Evaluator.Evaluate(Purchase("B", new LocalDateTime(2026, 12, 2, 9, 0)), Lapsed, [claim.Decide(1000)]));
        Assert.StartsWith("grants[0]: the claim is for event 'A' of member 'M1', not 'B' of 'M1'.", other.Message);
        var twice = Assert.Throws<System.InvalidOperationException>(() => claim.Decide(1000).Decide(1000));
        Assert.Equal("the claim of offer 'comeback' for 'A' is decided already (granted).", twice.Message);

        var wrong = Assert.ThrowsAny<System.ArgumentException>(() => program.Ledger.ProcessWithBudgets(MemberAccount.Open("M1"), new PurchaseEvent(purchase), Lapsed, c => c with { OfferId = "other" }));
        Assert.StartsWith("decide: must return the claim of offer 'comeback' for 'A', decided.", wrong.Message);

        var applied = program.Ledger.Process(MemberAccount.Open("M1"), new PurchaseEvent(purchase), Lapsed, null, [claim.Decide(1000)]);
        Assert.Equal(520, applied.Accrual!.Total.Value);
        Assert.Equal(LedgerStatus.Duplicate, program.Ledger.Process(applied.Account, new PurchaseEvent(purchase), Lapsed).Status);
    }

    [Fact]
    public void APartialRefund_KeepsTheOfferWhileTheRestStillQualifies_AndNeverMoreThanWasGranted()
    {
        var program = Program(Offer() with { MinimumSpend = 10.00m, Budget = new CampaignBudget(new Points(300), AllowPartial: true), Limit = OfferLimit.Once });
        var purchase = new TransactionBuilder("A").At(new LocalDateTime(2026, 12, 2, 9, 0), NewYork)
            .Line("X", "coffee", 1m, 12.00m).Line("Y", "coffee", 1m, 5.00m).Line("Z", "coffee", 1m, 5.00m).Build();
        var bought = new LoyaltyBudgets(program).Process(MemberAccount.Open("M1"), new PurchaseEvent(purchase), Lapsed);
        Assert.Equal(22 + 300, bought.Accrual!.Total.Value);

        var at = Instant.FromUtc(2026, 12, 3, 12, 0);
        var first = program.Ledger.Process(bought.Account, new RefundEvent("R1", at, purchase, [new ReturnedLine(1, 1m)]), Lapsed);
        Assert.Equal(-5, first.Qualifying!.Points); // 17.00 left: still over 10.00, the 300 granted stay
        var second = program.Ledger.Process(first.Account, new RefundEvent("R2", at, purchase, [new ReturnedLine(0, 1m)]), Lapsed);
        Assert.Equal(-312, second.Qualifying!.Points); // 5.00 left: the offer goes back
        Assert.Equal(5, second.Account.BalanceAt(at).Available + second.Account.BalanceAt(at).Pending);
    }

    [Fact]
    public void Validation_NamesTheFieldAndTheReason()
    {
        var error = Assert.Throws<ProgramValidationException>(() => Program(
            Offer() with { EndsAt = December, Factor = 1m, MinimumSpend = -1m, Limit = new OfferLimit(0), Budget = new CampaignBudget(new Points(0)) },
            new PolicyGroup { Id = "best", Composition = Composition.BestOf, Policies = [Offer("x") with { Budget = new CampaignBudget(new Points(5)) }] }));

        Assert.Equal(
        [
            "earn[1] (id 'comeback').endsAt: 2026-12-01T05:00:00Z is not after startsAt 2026-12-01T05:00:00Z.",
            "earn[1] (id 'comeback'): pays either points or a factor, exactly one.",
            "earn[1] (id 'comeback').factor: must be more than 1 (it pays the rate-earned points factor - 1 times more), was 1.",
            "earn[1] (id 'comeback').minSpend: must not be negative, was -1.",
            "earn[1] (id 'comeback').limit.times: must be positive, was 0.",
            "earn[1] (id 'comeback').budget.points: must be positive, was 0.",
            "earn[2] (id 'best').policies[0]: a budgeted offer cannot be a best-of member: which member is best would depend on what the host grants; use a first-match group.",
        ], error.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void AnOffer_RoundTripsThroughJson_AndItsProblemsHaveJsonPaths()
    {
        var program = Program(Offer() with { Limit = new OfferLimit(3, CalendarPeriod.Week), Budget = new CampaignBudget(new Points(50_000), true), MinimumSpend = 5.00m });
        string json = program.ToJson();
        Assert.Contains("\"kind\": \"targetedOffer\"", json);
        Assert.Equal(json, LoyaltyProgram.FromJson(json).ToJson());

        var broken = json.Replace("\"startsAt\": \"2026-12-01T05:00:00Z\"", "\"startsAt\": \"tomorrow\"").Replace("\"times\": 3", "\"times\": 3, \"per\": 1");
        var error = Assert.Throws<ProgramDefinitionException>(() => LoyaltyProgram.FromJson(broken));
        Assert.Contains(error.Problems, p => p.Path == "$.earn[1].startsAt");
        Assert.Contains(error.Problems, p => p.ToString() == "$.earn[1].limit.per: is not a property of an offer limit.");
    }

    [Fact]
    public void TheProgramCheck_CountsAFactorOfferAsAMultiplier_AndReportsAnOfferThatHasEnded()
    {
        var program = new LoyaltyProgramBuilder("offers", "USD", NewYork).AddEarnRate("base", 1m)
            .AddMultiplier("double", 2m, null)
            .AddPolicy(Offer() with { Points = default, Factor = 3m })
            .WithLint(new LintPolicy { MaxStackedMultiplier = 4m })
            .Build();

        Assert.Equal(["$.earn: multipliers can stack to x6 (double x2, comeback x3), above the ceiling x4 the program sets in lint.maxStackedMultiplier."],
            program.Lint(December).Select(f => f.ToString()));
        Assert.Equal(["$.earn[2].endsAt: the offer ended at 2026-12-08T05:00:00Z: it can never fire again."],
            program.Lint(December.Plus(Duration.FromDays(7))).Select(f => f.ToString()));
    }

    [Fact]
    public void ACatalog_PassesTheDecidedClaimsToTheVersionOfTheEvent()
    {
        var program = Program(Offer() with { Budget = new CampaignBudget(new Points(1000)) });
        var catalog = new ProgramCatalog([program]);
        var purchase = new PurchaseEvent(Purchase("A", new LocalDateTime(2026, 12, 2, 9, 0)));

        var awaiting = catalog.Process(MemberAccount.Open("M1"), purchase, Lapsed);
        var applied = catalog.Process(MemberAccount.Open("M1"), purchase, Lapsed, null, [awaiting.Claims.Single().Decide(1000)]);

        Assert.Same(program, catalog.For(MemberAccount.Open("M1"), purchase));
        Assert.Equal((LedgerStatus.AwaitingBudget, LedgerStatus.Applied, 520L), (awaiting.Status, applied.Status, applied.Accrual!.Total.Value));
    }
}
