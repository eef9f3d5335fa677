using System.Linq;
using NodaTime;
using Xunit;
using static Loyalty.Rules.Tests.Ledger.LedgerTestData;

namespace Loyalty.Rules.Tests.Gamification;

public class BadgeTests
{
    private static readonly MemberContext Enrolled = new("M1", enrolledOn: new LocalDate(2026, 1, 1));

    private static LoyaltyProgram Program()
        => new LoyaltyProgramBuilder("badges", "USD", NewYork)
            .WithTierLadder(Tiers.TierTests.Ladder())
            .AddEarnRate("base", 1m)
            .AddChallenge(new Challenge { Id = "first-week", Name = "Two visits this week", Goal = ChallengeGoal.Purchases, Target = 2, Window = CalendarPeriod.Week, Reward = new GameReward { Points = 10 } })
            .AddStreak(new Streak { Id = "days", Name = "Days in a row", Period = StreakPeriod.Day, Rewards = [new StreakReward(5, new GameReward { Points = 5 })] })
            .AddBadge(new Badge { Id = "hundred", Name = "Three visits", Criterion = BadgeCriterion.Lifetime(ChallengeGoal.Purchases, 3) })
            .AddBadge(new Badge { Id = "mission", Name = "On a mission", Criterion = BadgeCriterion.Completed("first-week") })
            .AddBadge(new Badge { Id = "three-days", Name = "Three days running", Criterion = BadgeCriterion.StreakOf("days", 3) })
            .AddBadge(new Badge { Id = "silver", Name = "Silver member", Criterion = BadgeCriterion.TierReached("Silver") })
            .Build();

    private static Transaction Sale(string id, Instant at, decimal amount) => new(id, "M1", at, "USD", "store", [new TransactionLine("SKU", "coffee", 1m, amount)]);

    private static LedgerOutcome Buy(LoyaltyProgram program, MemberAccount account, Transaction sale) => program.Ledger.Process(account, new PurchaseEvent(sale), Enrolled);

    [Fact]
    public void EachCriterion_AwardsItsBadgeOnce_WithTheInstantAndEvent()
    {
        var program = Program();
        var account = MemberAccount.Open("M1");
        account = Buy(program, account, Sale("T1", Local(2026, 12, 1), 10m)).Account; // Tuesday
        var second = Buy(program, account, Sale("T2", Local(2026, 12, 2), 10m));
        Assert.Equal([("mission", "T2", "first-week")], second.Account.Badges.Select(b => (b.Id, b.SourceId, b.Game)));
        Assert.Equal("challenge 'first-week' (Two visits this week) completed: 2 purchases of 2 purchases in the week from 2026-11-30: badge 'mission'", second.Entries.Single(e => e.Kind == LedgerEntryKind.BadgeEarned).Reason);

        var third = Buy(program, second.Account, Sale("T3", Local(2026, 12, 3), 400m)); // the 3rd visit, the 3rd day in a row, 420.00 spent: Silver
        Assert.Equal(["mission", "three-days", "hundred", "silver"], third.Account.Badges.Select(b => b.Id));
        Assert.All(third.Account.Badges.Skip(1), b => Assert.Equal((Local(2026, 12, 3), "T3"), (b.EarnedAt, b.SourceId)));
        Assert.Equal("Silver", third.TierChange!.ToTierId);

        var fourth = Buy(program, third.Account, Sale("T4", Local(2026, 12, 4), 10m));
        Assert.DoesNotContain(fourth.Entries, e => e.Kind == LedgerEntryKind.BadgeEarned); // once each
        Assert.Equal(4, fourth.Account.Badges.Length);
    }

    [Fact]
    public void ALifetimeCount_CountsWhatTheMemberKept_ARefundBelowItTakesTheBadgeBack_AndProgressShowsIt()
    {
        var program = Program();
        var account = MemberAccount.Open("M1");
        var t1 = Sale("T1", Local(2026, 12, 1), 10m);
        account = Buy(program, account, t1).Account;
        account = Buy(program, account, Sale("T2", Local(2026, 12, 8), 10m)).Account;
        var badge = program.Ledger.ProgressOf(account, Enrolled, Local(2026, 12, 9)).Single(p => p.Kind == GameKind.Badge);
        Assert.Equal(("hundred", 2m, 3m, "1 more purchase"), (badge.Id, badge.Done, badge.Needed, badge.Text));
        account = Buy(program, account, Sale("T3", Local(2026, 12, 15), 10m)).Account;
        Assert.Equal("earned", program.Ledger.ProgressOf(account, Enrolled, Local(2026, 12, 15)).Single(p => p.Kind == GameKind.Badge).Text);

        var refund = program.Ledger.Process(account, new RefundEvent("R1", Local(2026, 12, 16), t1, [new ReturnedLine(0, 1m)]), Enrolled);
        var revoked = refund.Entries.Single(e => e.Kind == LedgerEntryKind.BadgeRevoked);
        Assert.Equal("lifetime count of badge 'hundred' (Three visits) no longer completed after refund 'R1' of 'T1': 2 purchases of 3 purchases: badge 'hundred' taken back", revoked.Reason);
        Assert.Empty(refund.Account.Badges);
    }

    [Fact]
    public void BadBadges_AreRefusedWithTheirPaths()
    {
        var error = Assert.Throws<ProgramValidationException>(() => new LoyaltyProgramBuilder("badges", "USD", NewYork)
            .AddEarnRate("base", 1m)
            .AddBadge(new Badge { Id = "a", Name = "A", Criterion = BadgeCriterion.Completed("nothing") })
            .AddBadge(new Badge { Id = "a", Name = "", Criterion = BadgeCriterion.StreakOf("none", 1) })
            .AddBadge(new Badge { Id = "b", Name = "B", Criterion = BadgeCriterion.TierReached("Gold") })
            .AddBadge(new Badge { Id = "c", Name = "C", Criterion = BadgeCriterion.Lifetime(ChallengeGoal.Items, 0.5m, activity: ActivityKind.Review) })
            .AddChallenge(new Challenge { Id = "x", Name = "X", Goal = ChallengeGoal.Purchases, Target = 1, Reward = new GameReward { BadgeId = "undeclared" } })
            .Build());
        Assert.Equal(
            [
                "badges[0].criterion.game: 'nothing' is not a challenge or stamp card of the program.",
                "badges[1].criterion.length: must be 2 or more, was 1.",
                "badges[1].criterion.streak: 'none' is not a streak of the program.",
                "badges[1].id: badge 'a' is declared twice.",
                "badges[1].name: is required.",
                "badges[2].criterion.tier: tier 'Gold' is not declared: the program declares no tiers.",
                "badges[3].criterion.activity: is only for an activities goal.",
                "badges[3].criterion.count: must be a whole number, 1 or more, was 0.5.",
                "challenges[0].reward.badgeId: 'undeclared' is not a badge of the program.",
            ],
            error.Problems.Select(p => $"{p.Path}: {p.Reason}").Order(System.StringComparer.Ordinal));
    }
}
