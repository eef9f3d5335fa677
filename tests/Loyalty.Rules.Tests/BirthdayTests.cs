using System.Linq;
using Loyalty.Rules.Testing;
using NodaTime;
using Xunit;

namespace Loyalty.Rules.Tests;

public class BirthdayTests
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];

    private static LoyaltyProgram Program(BirthdayReward reward) => new LoyaltyProgramBuilder("birthday", "USD", NewYork)
        .AddEarnRate("base", 1m).AddPolicy(reward).Build();

    private static Transaction Purchase(string id, LocalDateTime at) => new TransactionBuilder(id).At(at, NewYork).Line("X", "coffee", 1m, 10.00m).Build();

    [Fact]
    public void BirthdayPoints_ArePaidOncePerBirthdayYear_OnTheFirstPurchaseInTheWeek()
    {
        var program = Program(new BirthdayReward { Id = "birthday", Window = BirthdayWindow.Week, Points = new Points(200) });
        var member = new MemberBuilder().BornOn(new AnnualDate(3, 10)).Build();
        var account = MemberAccount.Open("M1");

        var before = program.Ledger.Process(account, new PurchaseEvent(Purchase("T0", new LocalDateTime(2026, 3, 9, 23, 59))), member);
        var first = program.Ledger.Process(before.Account, new PurchaseEvent(Purchase("T1", new LocalDateTime(2026, 3, 10, 8, 0))), member);
        var second = program.Ledger.Process(first.Account, new PurchaseEvent(Purchase("T2", new LocalDateTime(2026, 3, 16, 23, 59))), member);
        var nextYear = program.Ledger.Process(second.Account, new PurchaseEvent(Purchase("T3", new LocalDateTime(2027, 3, 12, 9, 0))), member);

        Assert.Equal([10L, 210L, 10L, 210L], new[] { before, first, second, nextYear }.Select(o => o.Accrual!.Total.Value));
        Assert.Equal("+200 birthday (birthday week 2026, once a year)", first.Accrual!.Items.Single(i => i.RuleId == "birthday").Reason);
        Assert.Equal(2026, second.Account.State.Get(BirthdayRewardState.PaidYear));
        Assert.Equal(second.Account, MemberAccount.FromJson(second.Account.ToJson()));
    }

    [Fact]
    public void BirthdayMultiplier_ActsOnEveryPurchaseInTheMonth()
    {
        var program = Program(new BirthdayReward { Id = "birthday", Window = BirthdayWindow.Month, Factor = 2m });
        var member = new MemberBuilder().BornOn(new AnnualDate(3, 10)).Build();

        Assert.Equal(20, program.Evaluator.Evaluate(Purchase("A", new LocalDateTime(2026, 3, 1, 0, 0)), member).Total.Value);
        Assert.Equal(20, program.Evaluator.Evaluate(Purchase("B", new LocalDateTime(2026, 3, 31, 23, 59)), member).Total.Value);
        Assert.Equal(10, program.Evaluator.Evaluate(Purchase("C", new LocalDateTime(2026, 4, 1, 0, 0)), member).Total.Value);
    }

    [Fact]
    public void Born29February_CelebratesOn28FebruaryInCommonYears_AndAWeekCrossesNewYear()
    {
        var day = Program(new BirthdayReward { Id = "birthday", Points = new Points(50) });
        var leapling = new MemberBuilder().BornOn(new AnnualDate(2, 29)).Build();

        Assert.Equal(60, day.Evaluator.Evaluate(Purchase("A", new LocalDateTime(2026, 2, 28, 12, 0)), leapling).Total.Value);
        Assert.Equal(10, day.Evaluator.Evaluate(Purchase("B", new LocalDateTime(2026, 3, 1, 12, 0)), leapling).Total.Value);
        Assert.Equal(60, day.Evaluator.Evaluate(Purchase("C", new LocalDateTime(2028, 2, 29, 12, 0)), leapling).Total.Value);

        var week = new BirthdayReward { Id = "birthday", Window = BirthdayWindow.Week, Points = new Points(50) };
        Assert.Equal(2026, week.Occurrence(new AnnualDate(12, 29), new LocalDate(2027, 1, 4)));
        Assert.Null(week.Occurrence(new AnnualDate(12, 29), new LocalDate(2027, 1, 5)));
    }

    [Fact]
    public void ABirthdayRuleMustPayPointsOrAFactor_AndRoundTripsThroughJson()
    {
        var error = Assert.Throws<ProgramValidationException>(() => Program(new BirthdayReward { Id = "birthday", Points = new Points(10), Factor = 2m }));
        Assert.Equal("earn[1] (id 'birthday'): pays either points (once a year) or a factor (on every purchase in the window), exactly one.", Assert.Single(error.Problems).ToString());

        var program = Program(new BirthdayReward { Id = "birthday", Window = BirthdayWindow.Week, Factor = 1.5m });
        Assert.Equal(program.ToJson(), LoyaltyProgram.FromJson(program.ToJson()).ToJson());
    }

    [Fact]
    public void ReturningTheBirthdayPurchaseInFull_LetsTheNextPurchaseInTheWindowEarnTheBirthdayPoints()
    {
        var program = Program(new BirthdayReward { Id = "birthday", Window = BirthdayWindow.Week, Points = new Points(200) });
        var member = new MemberBuilder().BornOn(new AnnualDate(3, 10)).Build();
        var purchase = new TransactionBuilder("T1").At(new LocalDateTime(2026, 3, 10, 8, 0), NewYork).Line("X", "coffee", 1m, 10.00m).Line("Y", "coffee", 1m, 4.00m).Build();
        var bought = program.Ledger.Process(MemberAccount.Open("M1"), new PurchaseEvent(purchase), member);

        var partly = program.Ledger.Process(bought.Account, new RefundEvent("R1", Instant.FromUtc(2026, 3, 11, 12, 0), purchase, [new ReturnedLine(1, 1m)]), member);
        var fully = program.Ledger.Process(partly.Account, new RefundEvent("R2", Instant.FromUtc(2026, 3, 11, 13, 0), purchase, [new ReturnedLine(0, 1m)]), member);
        var again = program.Ledger.Process(fully.Account, new PurchaseEvent(Purchase("T2", new LocalDateTime(2026, 3, 12, 9, 0))), member);

        Assert.Equal([214L, -4L, -210L], new[] { bought.Accrual!.Total.Value, partly.Qualifying!.Points, fully.Qualifying!.Points });
        Assert.Equal(2026, partly.Account.State.Get(BirthdayRewardState.PaidYear)); // a partial return keeps the points and the year
        Assert.Null(fully.Account.State.Get(BirthdayRewardState.PaidYear));
        Assert.Equal(210, again.Accrual!.Total.Value);
    }
}
