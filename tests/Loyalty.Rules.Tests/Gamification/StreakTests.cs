using System.Linq;
using NodaTime;
using Xunit;
using static Loyalty.Rules.Tests.Ledger.LedgerTestData;

namespace Loyalty.Rules.Tests.Gamification;

public class StreakTests
{
    private static readonly Streak CoffeeWeeks = new()
    {
        Id = "coffee-weeks",
        Name = "Coffee weeks",
        Period = StreakPeriod.Week,
        Category = "coffee",
        Rewards = [new StreakReward(3, new GameReward { Points = 30 }), new StreakReward(5, new GameReward { Points = 80, BadgeId = "loyal" })],
    };

    private static LoyaltyProgram With(Streak streak) => Program().AddStreak(streak).AddBadge(new Badge { Id = "loyal", Name = "Loyal" }).Build();

    private static Transaction Coffee(string id, Instant at) => new(id, "M1", at, "USD", "store", [new TransactionLine("LATTE", "coffee", 1m, 4.00m)]);

    private static LedgerOutcome Buy(LoyaltyProgram program, MemberAccount account, string id, Instant at)
        => program.Ledger.Process(account, new PurchaseEvent(Coffee(id, at)), Member);

    private static long Paid(LedgerOutcome outcome, string id) => outcome.Entries.Where(e => e.LotId == $"{id}/coffee-weeks").Sum(e => e.Points.Value);

    private static string Text(LoyaltyProgram program, MemberAccount account, Instant at) => program.Ledger.ProgressOf(account, Member, at).Single(p => p.Kind == GameKind.Streak).Text;

    [Fact]
    public void AWeekStreak_PaysAtThree_BreaksOnAMissedWeek_AndARestartedRunPaysAgain()
    {
        var program = With(CoffeeWeeks);
        var account = MemberAccount.Open("M1");
        Assert.Equal("no streak yet: qualify by Sunday 2026-10-25 to start one", Text(program, account, Local(2026, 10, 20)));
        account = Buy(program, account, "T1", Local(2026, 10, 20)).Account;
        Assert.Equal("1 week in a row: 2 weeks more for the next reward; keep it by Sunday 2026-11-01", Text(program, account, Local(2026, 10, 21)));
        account = Buy(program, account, "T2", Local(2026, 11, 1, 23, 30)).Account; // Sunday of the week the clocks go back
        var third = Buy(program, account, "T3", Local(2026, 11, 2, 0, 15)); // Monday: the third week
        Assert.Equal(30, Paid(third, "T3"));
        Assert.Equal("streak 'coffee-weeks' (Coffee weeks): 3 weeks in a row from 2026-10-19: 30 points", third.Entries.Single(e => e.LotId == "T3/coffee-weeks").Reason);
        Assert.Equal("3 weeks in a row: 2 weeks more for the next reward; keep it by Sunday 2026-11-15", Text(program, third.Account, Local(2026, 11, 3)));

        // No coffee in the week of 9 November: the run is over.
        Assert.Equal("no streak yet: qualify by Sunday 2026-11-22 to start one", Text(program, third.Account, Local(2026, 11, 16)));
        account = Buy(program, third.Account, "T4", Local(2026, 11, 17)).Account;
        Assert.Equal("1 week in a row: 2 weeks more for the next reward; keep it by Sunday 2026-11-29", Text(program, account, Local(2026, 11, 17)));
        account = Buy(program, account, "T5", Local(2026, 11, 24)).Account;
        var again = Buy(program, account, "T6", Local(2026, 12, 1));
        Assert.Equal(30, Paid(again, "T6")); // a new run pays its lengths again
        Assert.Equal(4 * 6 + 30 + 30, again.Account.BalanceAt(Local(2026, 12, 2)).Available.Value);
    }

    [Fact]
    public void AFreeze_ForgivesOneMissedWeekPerMonth_Once()
    {
        var program = With(CoffeeWeeks with { FreezesPerMonth = 1 });
        var account = MemberAccount.Open("M1");
        account = Buy(program, account, "T1", Local(2026, 10, 6)).Account;
        account = Buy(program, account, "T2", Local(2026, 10, 13)).Account;
        // 19 October missed: October's freeze forgives it.
        Assert.Equal("2 weeks in a row: 1 week more for the next reward; keep it by Sunday 2026-10-25", Text(program, account, Local(2026, 10, 21)));
        var third = Buy(program, account, "T3", Local(2026, 10, 27));
        Assert.Equal(30, Paid(third, "T3"));
        // 2 November missed: November's freeze. 16 November missed too: none left in November, the run ends.
        account = Buy(program, third.Account, "T4", Local(2026, 11, 10)).Account;
        account = Buy(program, account, "T5", Local(2026, 11, 24)).Account;
        Assert.Equal("1 week in a row: 2 weeks more for the next reward; keep it by Sunday 2026-12-06", Text(program, account, Local(2026, 11, 25)));
        var progress = program.Ledger.ProgressOf(account, Member, Local(2026, 11, 25)).Single();
        Assert.Equal((1m, 3m, 1), (progress.Done, progress.Needed, progress.Completions));
    }

    [Fact]
    public void ARefundThatEmptiesADay_BreaksTheRun_AndTakesItsRewardBack()
    {
        var daily = new Streak { Id = "coffee-weeks", Name = "Coffee days", Period = StreakPeriod.Day, Rewards = [new StreakReward(3, new GameReward { Points = 20 })] };
        var program = With(daily);
        var account = Buy(program, MemberAccount.Open("M1"), "T1", Local(2026, 3, 7)).Account;
        var middle = Coffee("T2", Local(2026, 3, 8, 12)); // the day New York springs forward
        account = program.Ledger.Process(account, new PurchaseEvent(middle), Member).Account;
        var third = Buy(program, account, "T3", Local(2026, 3, 9));
        Assert.Equal(20, Paid(third, "T3"));

        var refund = program.Ledger.Process(third.Account, new RefundEvent("R1", Local(2026, 3, 10), middle, [new ReturnedLine(0, 1m)]), Member);
        Assert.Equal(
            [(LedgerEntryKind.Reversed, 4L, "T2/accrual"), (LedgerEntryKind.Reversed, 20L, "T3/coffee-weeks")],
            refund.Entries.Select(e => (e.Kind, e.Points.Value, e.LotId)));
        Assert.Equal("streak 'coffee-weeks' (Coffee days) no longer 3 days in a row from 2026-03-07 after refund 'R1' of 'T2'", refund.Entries[1].Reason);
        Assert.Equal(8, refund.Account.BalanceAt(Local(2026, 3, 10)).Available.Value);
    }

    [Fact]
    public void InvalidStreaks_AreRefusedWithThePathOfEachProblem()
    {
        var error = Assert.Throws<ProgramValidationException>(() => Program()
            .AddStreak(CoffeeWeeks with { Activity = ActivityKind.Review, FreezesPerMonth = -1, Rewards = [new StreakReward(3, new GameReward { Points = 1 }), new StreakReward(3, new GameReward())] })
            .AddStreak(CoffeeWeeks with { Id = "other", Category = null, Rewards = [] })
            .Build());
        Assert.Equal(
            [
                "streaks[0].category: counts purchase lines: leave it out when an activity qualifies.",
                "streaks[0].freezesPerMonth: must be 0 to 31, was -1.",
                "streaks[0].rewards[1].length: 3 must be longer than the length before it (3).",
                "streaks[0].rewards[1].reward: pays nothing: give points, a rewardId or a badgeId.",
                "streaks[1].rewards: must list at least one length and its reward.",
            ],
            error.Problems.Select(p => $"{p.Path}: {p.Reason}").Order(System.StringComparer.Ordinal));
    }

    [Fact]
    public void ARunThatEndedLongAgo_IsForgotten_WhileAMonthsLongRunIsKeptWhole()
    {
        var days = new Streak { Id = "days", Name = "Days in a row", Period = StreakPeriod.Day, Rewards = [new StreakReward(7, new GameReward { Points = 10 })] };
        var program = Program().AddStreak(days).WithLedger(LedgerPolicy.Default with { RefundWindow = Period.FromDays(30) }).Build(); // a month of refunds: older runs settle
        var account = MemberAccount.Open("M1");
        var second = new LocalDate(2026, 1, 5).PlusDays(60);
        for (int d = 0; d < 20; d++)
        {
            account = program.Ledger.Process(account, new PurchaseEvent(Coffee($"A{d}", Local(2026, 1, 5).Plus(Duration.FromDays(d)))), Member).Account;
        }

        for (int d = 0; d < 200; d++) // a gap of 40 days, then 200 days in a row
        {
            account = program.Ledger.Process(account, new PurchaseEvent(Coffee($"B{d}", Local(2026, 1, 5).Plus(Duration.FromDays(60 + d)))), Member).Account;
        }

        var tally = account.State.Get(StreakState.Tallies).Single();
        Assert.Equal(20, tally.SettledLongest); // the first run was forgotten, its length kept
        Assert.DoesNotContain(tally.Steps, s => s.Day < second);
        Assert.Equal(200, tally.Steps.Length); // the run still going keeps every day: a refund may yet break it
        Assert.Equal(second, Assert.Single(tally.Paid).RunStart); // its 7 days paid once; the first run's payment went with it
        Assert.Equal((20 * 4) + (200 * 4) + 10 + 10, account.Totals.Accrued.Value); // 4 points a coffee; each run paid its 7 days once

        // A member who stopped after the first run: a month end months later forgets it too (no later run to reach past).
        var stopped = MemberAccount.Open("M1");
        for (int d = 0; d < 20; d++)
        {
            stopped = program.Ledger.Process(stopped, new PurchaseEvent(Coffee($"A{d}", Local(2026, 1, 5).Plus(Duration.FromDays(d)))), Member).Account;
        }

        var settled = program.Ledger.Expire(stopped, Local(2026, 7, 1, 0)).Account.State.Get(StreakState.Tallies).Single();
        Assert.Equal((20, 0), (settled.SettledLongest, settled.Steps.Length));
    }
}
