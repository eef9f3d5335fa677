using System.Linq;
using Loyalty.Rules.Testing;
using NodaTime;
using Xunit;

namespace Loyalty.Rules.Tests;

public class TenureTests
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];

    private static readonly LoyaltyProgram Program = new LoyaltyProgramBuilder("tenure", "USD", NewYork)
        .WithTiers("Green", "Gold")
        .AddEarnRate("base", 1m)
        .AddTierAccelerator("tier", ("Gold", 1.5m))
        .AddTenureAccelerator("tenure", (2, 1.1m), (5, 1.25m))
        .Build();

    private static long Points(LocalDate enrolled, LocalDateTime at, string tier = "Green")
    {
        var purchase = new TransactionBuilder().At(at, NewYork).Line("X", "coffee", 1m, 100.00m).Build();
        return Program.Evaluator.Evaluate(purchase, new MemberBuilder().InTier(tier).EnrolledOn(enrolled).Build()).Total.Value;
    }

    [Fact]
    public void Tenure_StartsOnTheAnniversary_InTheProgramZone()
    {
        var enrolled = new LocalDate(2024, 3, 10);

        Assert.Equal(100, Points(enrolled, new LocalDateTime(2026, 3, 9, 23, 59)));   // 1 year, 364 days
        Assert.Equal(110, Points(enrolled, new LocalDateTime(2026, 3, 10, 0, 0)));    // 2 years: x1.1
        Assert.Equal(110, Points(enrolled, new LocalDateTime(2029, 3, 9, 12, 0)));
        Assert.Equal(125, Points(enrolled, new LocalDateTime(2029, 3, 10, 12, 0)));   // 5 years: x1.25
    }

    [Fact]
    public void Tenure_AndTier_Multiply()
    {
        // 100 x1.5 Gold x1.1 tenure = 165 (multipliers multiply: x1.65).
        Assert.Equal(165, Points(new LocalDate(2020, 1, 1), new LocalDateTime(2022, 6, 1, 12, 0), "Gold"));
    }

    [Fact]
    public void EnrolledOn29February_CompletesTheYearOn28FebruaryInCommonYears()
    {
        var enrolled = new LocalDate(2024, 2, 29);

        Assert.Equal(100, Points(enrolled, new LocalDateTime(2026, 2, 27, 12, 0)));
        Assert.Equal(110, Points(enrolled, new LocalDateTime(2026, 2, 28, 12, 0)));
    }

    [Fact]
    public void WithoutAnEnrolmentDate_ThereIsNoTenure_AndTheItemSaysHowManyYears()
    {
        var purchase = new TransactionBuilder().At(new LocalDateTime(2026, 6, 1, 12, 0), NewYork).Line("X", "coffee", 1m, 100.00m).Build();

        Assert.Equal(100, Program.Evaluator.Evaluate(purchase, new MemberBuilder().InTier("Green").Build()).Total.Value);
        var result = Program.Evaluator.Evaluate(purchase, new MemberBuilder().InTier("Green").EnrolledOn(new LocalDate(2019, 5, 1)).Build());
        Assert.Equal("x1.25 tenure (7 years a member)", result.Items.Single(i => i.RuleId == "tenure").Reason);
    }

    [Fact]
    public void InvalidSteps_AreListed_AndTheKindRoundTripsThroughJson()
    {
        var error = Assert.Throws<ProgramValidationException>(() => new LoyaltyProgramBuilder("tenure", "USD", NewYork)
            .AddTenureAccelerator("tenure", (0, 1.1m), (5, -1m), (3, 1.2m)).Build());

        Assert.Equal(
            [
                "earn[0] (id 'tenure').steps[0].years: must be positive, was 0.",
                "earn[0] (id 'tenure').steps[1].factor: must not be negative, was -1.",
                "earn[0] (id 'tenure').steps[2].years: steps must be in increasing years: 3 follows 5.",
            ],
            error.Problems.Select(p => p.ToString()));
        Assert.Contains("\"kind\": \"tenureAccelerator\"", Program.ToJson(), System.StringComparison.Ordinal);
        Assert.Equal(Program.ToJson(), LoyaltyProgram.FromJson(Program.ToJson()).ToJson());
    }

    [Fact]
    public void PartialRefund_ReEvaluatesWithTheTenureOfThePurchase_AndTheAccountKeepsItInJson()
    {
        var enrolled = new LocalDate(2020, 1, 1);
        var member = new MemberBuilder().InTier("Green").EnrolledOn(enrolled).Build();
        var purchase = new TransactionBuilder().At(new LocalDateTime(2026, 6, 1, 12, 0), NewYork)
            .Line("A", "coffee", 1m, 100.00m).Line("B", "coffee", 1m, 100.00m).Build();
        var bought = Program.Ledger.Process(MemberAccount.Open("M1"), new PurchaseEvent(purchase), member);
        Assert.Equal(250, bought.Accrual!.Total.Value); // 200 x1.25 (6 years)
        Assert.Equal(bought.Account, MemberAccount.FromJson(bought.Account.ToJson()));

        var refunded = Program.Ledger.Process(bought.Account, new RefundEvent("R1", purchase.OccurredAt.Plus(Duration.FromDays(1)), purchase, [new ReturnedLine(0, 1m)]), member);

        Assert.Equal(125, refunded.Account.Totals.Reversed); // the kept line still earns x1.25
    }
}
