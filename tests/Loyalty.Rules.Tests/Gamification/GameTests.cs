using System.Linq;
using NodaTime;
using Xunit;
using static Loyalty.Rules.Tests.Ledger.LedgerTestData;

namespace Loyalty.Rules.Tests.Gamification;

public class GameTests
{
    // The week of Monday 2026-10-26 to Sunday 2026-11-01: New York leaves daylight saving time on its Sunday.
    private static readonly Challenge CoffeeWeek = new()
    {
        Id = "coffee-week",
        Name = "Coffee week",
        Goal = ChallengeGoal.DistinctDays,
        Target = 5,
        Category = "coffee",
        Window = CalendarPeriod.Week,
        Reward = new GameReward { Points = 100 },
    };

    private static readonly CatalogReward FreeCoffee = new() { Id = "free-coffee", Name = "A free coffee", Points = 1, Value = 3.50m, Product = "coffee" };

    private static readonly StampCard CoffeeCard = new() { Id = "coffee-card", Name = "Coffee card", Every = 10, Category = "coffee", Reward = new GameReward { RewardId = "free-coffee" } };

    private static LoyaltyProgram Games(params Challenge[] challenges)
    {
        var builder = Program().AddReward(FreeCoffee).AddStampCard(CoffeeCard).AddBadge(new Badge { Id = "regular", Name = "Regular" });
        foreach (var challenge in challenges.DefaultIfEmpty(CoffeeWeek))
        {
            builder.AddChallenge(challenge);
        }

        return builder.Build();
    }

    private static Transaction Sale(string id, Instant at, decimal coffees, decimal muffins = 0m)
        => new(id, "M1", at, "USD", "store", new[] { new TransactionLine("LATTE", "coffee", coffees == 0m ? 1m : coffees, 4.00m), new TransactionLine("MUFFIN", "bakery", muffins == 0m ? 1m : muffins, 3.00m) }
            .Where(l => l.Sku == "LATTE" ? coffees > 0m : muffins > 0m));

    private static LedgerOutcome Buy(LoyaltyProgram program, MemberAccount account, string id, Instant at, decimal coffees = 1m, decimal muffins = 0m)
        => program.Ledger.Process(account, new PurchaseEvent(Sale(id, at, coffees, muffins)), Member);

    private static GameProgress Progress(LoyaltyProgram program, MemberAccount account, string id, Instant at)
        => program.Ledger.ProgressOf(account, Member, at).Single(p => p.Id == id);

    [Fact]
    public void FiveDistinctDays_CompletedOnTheFifth_ASixthDayPaysNothing_AcrossTheDstChange()
    {
        var program = Games();
        var account = MemberAccount.Open("M1");
        account = Buy(program, account, "T1", Local(2026, 10, 26, 8)).Account;
        account = Buy(program, account, "T2", Local(2026, 10, 26, 18)).Account; // the same day again: still one day
        account = Buy(program, account, "T3", Local(2026, 10, 27, 8)).Account;
        account = Buy(program, account, "T4", Local(2026, 10, 28, 8), coffees: 0m, muffins: 2m).Account; // no coffee: no day
        Assert.Equal(("3 more days by Sunday 2026-11-01", 2m, 5m), (Progress(program, account, "coffee-week", Local(2026, 10, 28, 9)) is var p ? (p.Text, p.Done, p.Needed) : default));

        account = Buy(program, account, "T5", Local(2026, 10, 29, 8)).Account;
        account = Buy(program, account, "T6", Local(2026, 10, 31, 23, 30)).Account;
        var fifth = Buy(program, account, "T7", Local(2026, 11, 1, 1, 30)); // 01:30 on the day the clocks go back: Sunday, the 5th day
        var paid = fifth.Entries.Single(e => e.LotId == "T7/coffee-week");
        Assert.Equal((LedgerEntryKind.Accrued, 100L, "challenge 'coffee-week' (Coffee week) completed: 5 days of 5 days in the week from 2026-10-26: 100 points"), (paid.Kind, paid.Points.Value, paid.Reason));
        Assert.Equal(4 + 100, fifth.Entries.Sum(e => e.Points.Value)); // the purchase's 4 points and the challenge's 100
        Assert.Equal("completed", Progress(program, fifth.Account, "coffee-week", Local(2026, 11, 1, 12)).Text);

        var sixth = Buy(program, fifth.Account, "T8", Local(2026, 11, 1, 23, 59)); // a 6th day? No: the same Sunday, and the week is done
        Assert.DoesNotContain(sixth.Entries, e => e.LotId == "T8/coffee-week");
        var nextWeek = Buy(program, sixth.Account, "T9", Local(2026, 11, 2, 0, 30)); // Monday: a new week
        Assert.DoesNotContain(nextWeek.Entries, e => e.LotId == "T9/coffee-week");
        Assert.Equal("4 more days by Sunday 2026-11-08", Progress(program, nextWeek.Account, "coffee-week", Local(2026, 11, 2, 12)).Text);
    }

    [Fact]
    public void SixDistinctDays_TheSixthPaysNothing()
    {
        var program = Games();
        var account = MemberAccount.Open("M1");
        for (int day = 0; day < 6; day++)
        {
            var outcome = Buy(program, account, $"T{day}", Local(2026, 11, 30, 9).Plus(Duration.FromDays(day))); // Monday 30 November to Saturday 5 December
            Assert.Equal(day == 4 ? 1 : 0, outcome.Entries.Count(e => e.LotId == $"T{day}/coffee-week"));
            account = outcome.Account;
        }

        Assert.Equal(4 * 6 + 100, account.BalanceAt(Local(2026, 12, 31)).Available.Value);
    }

    [Fact]
    public void StampCard_TenthCoffeeFree_ThreeFourFive_OneRewardAndTwoCarried()
    {
        var program = Games();
        var account = MemberAccount.Open("M1");
        account = Buy(program, account, "T1", Local(2026, 12, 1), coffees: 3m, muffins: 1m).Account;
        account = Buy(program, account, "T2", Local(2026, 12, 2), coffees: 4m).Account;
        Assert.Equal("7 of 10 stamped: 3 more items for the next reward", Progress(program, account, "coffee-card", Local(2026, 12, 2)).Text);

        var third = Buy(program, account, "T3", Local(2026, 12, 3), coffees: 5m);
        var voucher = Assert.Single(third.Account.Vouchers);
        Assert.Equal(("T3/voucher#1", "free-coffee", 3.50m, "coffee", 0L), (voucher.Id, voucher.RewardId, voucher.Value, voucher.Product, voucher.Points));
        var issued = third.Entries.Single(e => e.Kind == LedgerEntryKind.RewardIssued);
        Assert.StartsWith("stamp card 'coffee-card' (Coffee card) full: 10 items stamped: reward 'free-coffee' (A free coffee), voucher 'T3/voucher#1'", issued.Reason);
        var progress = Progress(program, third.Account, "coffee-card", Local(2026, 12, 3));
        Assert.Equal((2m, 10m, 1, "2 of 10 stamped: 8 more items for the next reward"), (progress.Done, progress.Needed, progress.Completions, progress.Text));

        var big = Buy(program, third.Account, "T4", Local(2026, 12, 4), coffees: 18m); // 2 + 18 = 20: two full cards at once
        Assert.Equal(["T3/voucher#1", "T4/voucher#1", "T4/voucher#2"], big.Account.Vouchers.Select(v => v.Id));
    }

    [Fact]
    public void ARefund_ReopensTheChallenge_TakingItsPointsAndBadgeBack_AndANewPurchaseCompletesItAgain()
    {
        var threeVisits = new Challenge
        {
            Id = "three-visits",
            Name = "Three visits in December",
            Goal = ChallengeGoal.Purchases,
            Target = 3,
            Window = CalendarPeriod.Month,
            Reward = new GameReward { Points = 50, BadgeId = "regular" },
        };
        var program = Games(threeVisits);
        var account = MemberAccount.Open("M1");
        account = Buy(program, account, "T1", Local(2026, 12, 1)).Account;
        var first = Sale("T2", Local(2026, 12, 2), 2m);
        account = program.Ledger.Process(account, new PurchaseEvent(first), Member).Account;
        account = Buy(program, account, "T3", Local(2026, 12, 3)).Account;
        Assert.Equal(("regular", "T3", "three-visits"), (Assert.Single(account.Badges) is var b ? (b.Id, b.SourceId, b.Game) : default));
        Assert.Equal(4 + 8 + 4 + 50, account.BalanceAt(Local(2026, 12, 31)).Available.Value);

        var partial = program.Ledger.Process(account, new RefundEvent("R1", Local(2026, 12, 4), first, [new ReturnedLine(0, 1m)]), Member);
        Assert.Single(partial.Account.Badges); // one coffee kept: still a purchase
        var refund = program.Ledger.Process(partial.Account, new RefundEvent("R2", Local(2026, 12, 5), first, [new ReturnedLine(0, 1m)]), Member);
        Assert.Equal(
            [(LedgerEntryKind.Reversed, 4L, "T2/accrual"), (LedgerEntryKind.Reversed, 50L, "T3/three-visits"), (LedgerEntryKind.BadgeRevoked, 0L, null)],
            refund.Entries.Select(e => (e.Kind, e.Points.Value, e.LotId)));
        Assert.Equal("challenge 'three-visits' (Three visits in December) no longer completed after refund 'R2' of 'T2': 2 purchases of 3 purchases: badge 'regular' taken back", refund.Entries[^1].Reason);
        Assert.Empty(refund.Account.Badges);
        Assert.Equal(4 + 4, refund.Account.BalanceAt(Local(2026, 12, 5)).Available.Value);
        Assert.Equal("1 more purchase by Thursday 2026-12-31", Progress(program, refund.Account, "three-visits", Local(2026, 12, 5)).Text);

        var again = Buy(program, refund.Account, "T4", Local(2026, 12, 6));
        Assert.Equal(50L, again.Entries.Single(e => e.LotId == "T4/three-visits").Points.Value);
        Assert.Equal("T4", Assert.Single(again.Account.Badges).SourceId);
        var redelivered = program.Ledger.Process(again.Account, new PurchaseEvent(Sale("T4", Local(2026, 12, 6), 1m)), Member);
        Assert.Equal(LedgerStatus.Duplicate, redelivered.Status); // a re-delivery never counts twice
    }

    [Fact]
    public void AHeldPurchase_CountsOnceReleased_AndAVoidedOneNever()
    {
        var program = Program().WithHoldReview(new HoldReview(7, HoldResolution.Void)).AddFraudCheck(new PointsCeiling(10))
            .AddReward(FreeCoffee).AddStampCard(CoffeeCard with { Every = 5 }).Build();
        var account = Buy(program, MemberAccount.Open("M1"), "T1", Local(2026, 12, 1), coffees: 2m).Account;
        var held = Buy(program, account, "T2", Local(2026, 12, 2), coffees: 3m); // 12 points: above the ceiling, held
        Assert.Equal(LedgerStatus.Held, held.Status);
        Assert.Empty(held.Account.Vouchers);
        Assert.Equal("2 of 5 stamped: 3 more items for the next reward", Progress(program, held.Account, "coffee-card", Local(2026, 12, 2)).Text);

        var released = program.Ledger.Process(held.Account, new HoldReviewEvent("V1", "M1", Local(2026, 12, 3), "T2", HoldResolution.Release, "checked"), Member);
        Assert.Equal("V1/voucher#1", Assert.Single(released.Account.Vouchers).Id);
        Assert.Equal("0 of 5 stamped: 5 more items for the next reward", Progress(program, released.Account, "coffee-card", Local(2026, 12, 3)).Text);

        var voided = program.Ledger.Process(held.Account, new HoldReviewEvent("V1", "M1", Local(2026, 12, 3), "T2", HoldResolution.Void, "stolen card"), Member);
        Assert.Empty(voided.Account.Vouchers);
        Assert.Equal("2 of 5 stamped: 3 more items for the next reward", Progress(program, voided.Account, "coffee-card", Local(2026, 12, 3)).Text);
    }

    [Fact]
    public void ActivitiesChallenge_SpendChallenge_AndADateWindow()
    {
        var reviews = new Challenge { Id = "reviewer", Name = "Write 2 reviews", Goal = ChallengeGoal.Activities, Activity = ActivityKind.Review, Target = 2, Reward = new GameReward { Points = 30 }, From = new LocalDate(2026, 12, 1), Until = new LocalDate(2026, 12, 24) };
        var spend = new Challenge { Id = "big-spender", Name = "Spend 20.00 on coffee this month", Goal = ChallengeGoal.Spend, Category = "coffee", Target = 20m, Window = CalendarPeriod.Month, Reward = new GameReward { Points = 200 } };
        var program = Games(reviews, spend);
        var account = MemberAccount.Open("M1");
        Assert.Equal("starts Tuesday 2026-12-01", Progress(program, account, "reviewer", Local(2026, 11, 30)).Text);
        account = program.Ledger.Process(account, new ActivityAccrualEvent(new ActivityEvent("A0", "M1", Local(2026, 11, 30), ActivityKind.Review)), Member).Account; // before it starts
        account = program.Ledger.Process(account, new ActivityAccrualEvent(new ActivityEvent("A1", "M1", Local(2026, 12, 1), ActivityKind.Review)), Member).Account;
        Assert.Equal("1 more activity by Thursday 2026-12-24", Progress(program, account, "reviewer", Local(2026, 12, 1)).Text);
        var second = program.Ledger.Process(account, new ActivityAccrualEvent(new ActivityEvent("A2", "M1", Local(2026, 12, 2), ActivityKind.Review)), Member);
        Assert.Equal(30L, second.Entries.Single(e => e.LotId == "A2/reviewer").Points.Value);
        Assert.Equal("ended Thursday 2026-12-24", Progress(program, second.Account, "reviewer", Local(2026, 12, 25)).Text);

        account = Buy(program, second.Account, "T1", Local(2026, 12, 3), coffees: 4m, muffins: 3m).Account; // 16.00 of coffee; the muffins do not count
        Assert.Equal("4.00 USD more by Thursday 2026-12-31", Progress(program, account, "big-spender", Local(2026, 12, 3)).Text);
        Assert.Equal(200L, Buy(program, account, "T2", Local(2026, 12, 4)).Entries.Single(e => e.LotId == "T2/big-spender").Points.Value);
    }

    [Fact]
    public void InvalidGames_AreRefusedWithThePathOfEachProblem()
    {
        var builder = Program().AddReward(FreeCoffee)
            .AddChallenge(CoffeeWeek with { Target = 2.5m, Goal = ChallengeGoal.Purchases })
            .AddChallenge(CoffeeWeek with { Id = "base", Goal = ChallengeGoal.Activities, Reward = new GameReward() })
            .AddStampCard(CoffeeCard with { Every = 1, Reward = new GameReward { RewardId = "unknown" } });
        var error = Assert.Throws<ProgramValidationException>(() => builder.Build());
        Assert.Equal(
            [
                "challenges[0].target: must be a whole number, 1 or more, was 2.5.",
                "challenges[1].activity: is required for an activities goal.",
                "challenges[1].category: counts purchase lines: leave it out for an activities goal.",
                "challenges[1].id: 'base' is used by another rule; rule ids must be unique in a program.",
                "challenges[1].reward: pays nothing: give points, a rewardId or a badgeId.",
                "stampCards[0].every: must be 2 or more, was 1.",
                "stampCards[0].reward.rewardId: 'unknown' is not a reward of the catalog.",
            ],
            error.Problems.Select(p => $"{p.Path}: {p.Reason}").Order(System.StringComparer.Ordinal));
    }

    [Fact]
    public void Lint_AChallengeWhoseWindowIsShorterThanItsGoal_OrWhoseDatesEnded()
    {
        var program = Program().AddReward(FreeCoffee)
            .AddChallenge(CoffeeWeek with { Target = 8 }) // 8 distinct days in a 7-day week
            .AddChallenge(CoffeeWeek with { Id = "monthly", Window = CalendarPeriod.Month, Target = 30 }) // February has 28
            .AddChallenge(CoffeeWeek with { Id = "fine", Window = CalendarPeriod.Month, Target = 28 })
            .AddChallenge(CoffeeWeek with { Id = "advent", Window = null, Target = 25, From = new LocalDate(2026, 12, 1), Until = new LocalDate(2026, 12, 24) })
            .Build();

        Assert.Equal(
            [
                "$.challenges[0].target: needs 8 distinct days, but a week can have 7: some windows (or all) can never complete it.",
                "$.challenges[1].target: needs 30 distinct days, but a month can have 28: some windows (or all) can never complete it.",
                "$.challenges[3].target: needs 25 distinct days, but its dates hold 24: some windows (or all) can never complete it.",
                "$.challenges[3].until: it ended on 2026-12-24: nobody can complete it any more.",
            ],
            program.Lint(Local(2026, 12, 25)).Select(f => f.ToString()).Order(System.StringComparer.Ordinal));
        Assert.DoesNotContain(program.Lint(Local(2026, 12, 24)), f => f.Path.EndsWith(".until", System.StringComparison.Ordinal));
    }

    [Fact]
    public void AnOptInChallenge_CountsOnlyFromTheEnrolment_Once()
    {
        var program = Games(CoffeeWeek with { Target = 2, RequiresEnrolment = true });
        var account = Buy(program, MemberAccount.Open("M1"), "T1", Local(2026, 12, 1)).Account; // before enrolling: does not count
        Assert.Equal("not enrolled: opt in to take part", Progress(program, account, "coffee-week", Local(2026, 12, 1)).Text);

        var enrolled = program.Ledger.Process(account, new ChallengeEnrolmentEvent("E1", "M1", Local(2026, 12, 2, 9), "coffee-week"), Member);
        Assert.Equal((LedgerStatus.Applied, "2 more days by Sunday 2026-12-06"), (enrolled.Status, Progress(program, enrolled.Account, "coffee-week", Local(2026, 12, 2)).Text));
        Assert.Equal("the member enrolled in challenge 'coffee-week' already, by 'E1' at 2026-12-02T14:00:00Z.", program.Ledger.Process(enrolled.Account, new ChallengeEnrolmentEvent("E2", "M1", Local(2026, 12, 3), "coffee-week"), Member).Reason);
        Assert.Equal("challenge 'coffee-card' is not in program 'ledger'.", program.Ledger.Process(enrolled.Account, new ChallengeEnrolmentEvent("E3", "M1", Local(2026, 12, 3), "coffee-card"), Member).Reason);

        account = Buy(program, enrolled.Account, "T2", Local(2026, 12, 2, 8)).Account; // delivered after, but bought before enrolling: does not count
        account = Buy(program, account, "T3", Local(2026, 12, 2, 10)).Account;
        var second = Buy(program, account, "T4", Local(2026, 12, 3));
        Assert.Equal(100L, second.Entries.Single(e => e.LotId == "T4/coffee-week").Points.Value);
        Assert.Equal("challenge 'coffee-week' needs no enrolment: every member takes part.", Games().Ledger.Process(MemberAccount.Open("M1"), new ChallengeEnrolmentEvent("E4", "M1", Local(2026, 12, 3), "coffee-week"), Member).Reason);
    }
}
