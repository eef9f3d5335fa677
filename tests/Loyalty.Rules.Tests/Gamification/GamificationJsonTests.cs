using System;
using System.IO;
using System.Linq;
using Xunit;
using static Loyalty.Rules.Tests.Ledger.LedgerTestData;

namespace Loyalty.Rules.Tests.Gamification;

public class GamificationJsonTests
{
    [Fact]
    public void TheCafeGamesSample_LoadsItsGames_AndPlaysThem()
    {
        var program = LoyaltyProgram.FromJson(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "programs", "cafe-games.json")));
        Assert.Equal(["coffee-week", "three-visits"], program.Challenges.Select(c => c.Id));
        Assert.Equal(("drink-card", 10, "free-drink"), (program.StampCards[0].Id, program.StampCards[0].Every, program.StampCards[0].Reward.RewardId));
        Assert.Equal([3, 8], program.Streaks[0].Rewards.Select(r => r.Length));
        Assert.Equal(BadgeCriterion.StreakOf("coffee-weeks", 4), program.Badges[2].Criterion);

        var account = MemberAccount.Open("M1");
        for (int day = 0; day < 3; day++)
        {
            var sale = new Transaction($"T{day}", "M1", Local(2026, 12, 1 + day), "USD", "store", [new TransactionLine("LATTE", "drink", 4m, 4.00m)]);
            account = program.Ledger.Process(account, new PurchaseEvent(sale), Member).Account;
        }

        Assert.Equal("T2/voucher#1", Assert.Single(account.Vouchers).Id); // 12 drinks: one free
        Assert.Equal("regular", Assert.Single(account.Badges).Id); // three visits this month
        Assert.Equal(
            ["2 more days by Sunday 2026-12-06", "completed", "2 of 10 stamped: 8 more items for the next reward", "97 more purchases", "1 week in a row: 2 weeks more for the next reward; keep it by Sunday 2026-12-13"],
            program.Ledger.ProgressOf(account, Member, Local(2026, 12, 3)).Select(p => p.Text));
    }

    [Fact]
    public void BadGamesJson_NamesEachProblemByItsPath()
    {
        var error = Assert.Throws<ProgramDefinitionException>(() => LoyaltyProgram.FromJson("""
            { "schemaVersion": 1, "id": "x", "currency": "USD", "timeZone": "UTC",
              "challenges": [ { "id": "c", "name": "C", "goal": "visits", "target": 2 } ],
              "stampCards": [ { "id": "s", "name": "S", "every": 10, "counting": "cups", "reward": { "points": 5, "colour": 1 } } ],
              "streaks": [ { "id": "k", "name": "K", "period": "month", "rewards": [ 3 ] } ],
              "badges": [ { "id": "b", "name": "B", "criterion": { "kind": "birthday" } } ] }
            """));

        Assert.Equal(
            [
                "$.badges[0].criterion.kind: 'birthday' is not a badge criterion; use completed, streak, tier, lifetime.",
                "$.challenges[0].goal: 'visits' is not a challengeGoal; use purchases, spend, distinctDays, items, activities.",
                "$.challenges[0].reward: is required.",
                "$.stampCards[0].counting: 'cups' is not a stampCounting; use items, visits.",
                "$.stampCards[0].reward.colour: is not a property of a game reward.",
                "$.streaks[0].period: 'month' is not a streakPeriod; use day, week.",
                "$.streaks[0].rewards: must list at least one length and its reward.",
                "$.streaks[0].rewards[0]: must be a streak reward (a JSON object), was the number 3.",
            ],
            error.Problems.Select(p => p.ToString()).Order(StringComparer.Ordinal));
    }
}
