using System.Linq;
using NodaTime;
using Xunit;
using static Loyalty.Rules.Tests.Ledger.LedgerTestData;

namespace Loyalty.Rules.Tests.Earning;

/// <summary>At most 5,000 points per member per month (1 point per 1.00, New York months).</summary>
public class MemberPeriodCapTests
{
    private static readonly LoyaltyProgram Monthly = Program().AddMemberPeriodCap("monthly-cap", new Points(5_000)).Build();

    private static RefundEvent Return(string id, Transaction original, Instant at, params int[] lines)
        => new(id, at, original, lines.Select(l => new ReturnedLine(l, 1m)));

    [Fact]
    public void Process_4900Then300InOneMonth_GivesTheSecond100()
    {
        var first = Monthly.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 3, 2), 4_900m);
        var second = Monthly.Buy(first.Account, "T2", Local(2026, 3, 20), 300m);

        Assert.Equal(4_900, first.Accrual!.Total.Value);
        Assert.Equal(100, second.Accrual!.Total.Value);
        Assert.True(second.Accrual.Capped);
        var cap = Assert.Single(second.Accrual.Items, i => i.Kind == AccrualItemKind.Cap);
        Assert.Equal(("monthly-cap", -200m), (cap.RuleId, cap.Points));
        Assert.Equal("capped at 5000 per member per month: 4900 earned already in the month from 2026-03-01", cap.Reason);
        Assert.Equal([new PeriodTally("monthly-cap", new LocalDate(2026, 3, 1), 5_000)], second.Account.State.Get(MemberPeriodCapState.Tallies).Periods.ToArray());
    }

    [Fact]
    public void Process_ANewMonth_StartsOver()
    {
        var account = Monthly.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 3, 2), 6_000m).Account;

        var april = Monthly.Buy(account, "T2", Local(2026, 4, 1, 0, 30), 300m); // 00:30 on 1 April in New York, 04:30 UTC

        Assert.Equal(5_000, account.Totals.Accrued);
        Assert.Equal(300, april.Accrual!.Total.Value);
        Assert.False(april.Accrual.Capped);
    }

    [Fact]
    public void Process_ALateDeliveryFromThePreviousMonth_IsCappedByThatMonth()
    {
        var account = Monthly.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 3, 30), 4_900m).Account;
        account = Monthly.Buy(account, "T2", Local(2026, 4, 2), 1_000m).Account;

        var late = Monthly.Buy(account, "T0", Local(2026, 3, 31, 23, 59), 300m); // delivered after April's purchase

        Assert.Equal(100, late.Accrual!.Total.Value);
        Assert.Equal(5_000, late.Account.State.Get(MemberPeriodCapState.Tallies).Periods.Single(t => t.PeriodStart == new LocalDate(2026, 3, 1)).Points);
        Assert.Equal(1_000, late.Account.State.Get(MemberPeriodCapState.Tallies).Periods.Single(t => t.PeriodStart == new LocalDate(2026, 4, 1)).Points);
    }

    [Fact]
    public void Process_ARefund_GivesItsPointsBackToThePeriod()
    {
        var purchase = Purchase("T1", Local(2026, 3, 2), 3_000m, 1_900m);
        var account = Monthly.Ledger.Process(MemberAccount.Open("M1"), new PurchaseEvent(purchase), Member).Account;
        account = Monthly.Ledger.Process(account, Return("RF1", purchase, Local(2026, 3, 5), 0), Member).Account; // 3,000 back

        var next = Monthly.Buy(account, "T2", Local(2026, 3, 10), 3_500m);

        Assert.Equal(3_100, next.Accrual!.Total.Value); // 1,900 kept: 3,100 left
        Assert.Equal(5_000, next.Account.State.Get(MemberPeriodCapState.Tallies).PointsOf("monthly-cap", new LocalDate(2026, 3, 1)));
    }

    [Fact]
    public void Process_RefundOfACappedPurchase_TakesBackOnlyWhatItEarned()
    {
        var account = Monthly.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 3, 2), 4_900m).Account;
        var capped = Purchase("T2", Local(2026, 3, 3), 100m, 200m); // 300 earned as 100
        account = Monthly.Ledger.Process(account, new PurchaseEvent(capped), Member).Account;

        var refunded = Monthly.Ledger.Process(account, Return("RF2", capped, Local(2026, 3, 4), 0), Member); // keeps 200 worth: still capped at 100

        Assert.Equal(LedgerStatus.Applied, refunded.Status);
        Assert.Equal(0, refunded.Account.Totals.Reversed);
        Assert.Equal(5_000, refunded.Account.BalanceAt(Local(2026, 3, 5)).Available);
    }

    [Fact]
    public void Process_APurchaseOfAForgottenPeriod_EarnsNothingUnderTheCap()
    {
        var account = Monthly.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 1, 10), 4_000m).Account;
        account = Monthly.Buy(account, "T2", Local(2026, 6, 1), 10m).Account; // January is past the 90-day retention: forgotten

        var late = Monthly.Buy(account, "T0", Local(2026, 1, 20), 500m);

        Assert.Equal(new LocalDate(2026, 3, 3), account.State.Get(MemberPeriodCapState.Tallies).ForgottenThrough);
        Assert.Equal(0, late.Accrual!.Total.Value);
        Assert.Contains("no longer remembers what the month from 2026-01-01 earned", late.Accrual.Items.Single(i => i.Kind == AccrualItemKind.Cap).Reason, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_WithoutAnAccount_ReadsTheTalliesOfTheMemberContext()
    {
        var week = Program().AddMemberPeriodCap("weekly", new Points(1_000), CalendarPeriod.Week).Build();
        var member = new MemberContext("M1", periodTallies: new PeriodTallies { Periods = [new PeriodTally("weekly", new LocalDate(2026, 3, 2), 800)] });

        var total = week.Evaluator.EvaluateTotal(Purchase("T1", Local(2026, 3, 8), 500m), member); // Sunday of the week from Monday 2 March

        Assert.Equal(200, total.Points.Value);
    }

    [Fact]
    public void Json_RoundTrips_AndRefusesAConditionAndANegativeMaximum()
    {
        var program = LoyaltyProgram.FromJson(Monthly.ToJson());
        var error = Assert.Throws<ProgramDefinitionException>(() => LoyaltyProgram.FromJson("""
            { "schemaVersion": 1, "id": "x", "currency": "USD", "timeZone": "UTC",
              "earn": [ { "kind": "memberPeriodCap", "id": "c", "maxPoints": -1, "period": "month", "when": { "channels": ["app"] } } ] }
            """));

        Assert.Equal(Monthly.ToJson(), program.ToJson());
        Assert.Contains("\"kind\": \"memberPeriodCap\"", program.ToJson(), System.StringComparison.Ordinal);
        Assert.Equal(
            ["$.earn[0] (id 'c').maxPoints: must not be negative, was -1.", "$.earn[0] (id 'c').when: a per-member period cap counts every purchase of the period: it takes no condition."],
            error.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Build_ARuleAfterThePeriodCap_IsRefused()
    {
        var error = Assert.Throws<ProgramValidationException>(() => Program().AddMemberPeriodCap("cap", new Points(10)).AddEarnRate("late", 1m).Build());

        Assert.Contains("earn[2]: comes after a cap", error.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void AccountJson_KeepsTheTallies_AndAnAccountWrittenBeforeThemLoads()
    {
        var account = Monthly.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 3, 2), 300m).Account;
        var old = MemberAccount.FromJson("""{"memberId":"M1","lots":[],"debt":0}""");

        Assert.Equal(account, MemberAccount.FromJson(account.ToJson()));
        Assert.Equal(PeriodTallies.Empty, old.State.Get(MemberPeriodCapState.Tallies));
        Assert.Equal(300, Monthly.Buy(old, "T9", Local(2026, 3, 2), 300m).Account.Totals.Accrued); // regression: fields an old account lacks were null
    }
}
