using NodaTime;
using Xunit;
using static Loyalty.Rules.Tests.Ledger.LedgerTestData;

namespace Loyalty.Rules.Tests.Ledger;

public class LifecycleTests
{
    private static readonly LoyaltyProgram Program = LedgerTestData.Program()
        .WithLifecycle(new LifecyclePolicy { NewForDays = 30, AtRiskAfterDays = 60, DormantAfterDays = 180, ReactivatedForDays = 30 })
        .AddPolicy(new ReactivationBonus { Id = "welcome-back", Points = new Points(250) })
        .Build();

    private static readonly MemberContext Enrolled = new("M1", enrolledOn: new LocalDate(2026, 1, 1));

    [Fact]
    public void Stages_FollowTheHistory_InLocalDays()
    {
        var fresh = MemberAccount.Open("M1");
        Assert.Equal(LifecycleStage.New, Program.Ledger.StageOf(fresh, Enrolled, Local(2026, 1, 30)));
        Assert.Equal(LifecycleStage.Active, Program.Ledger.StageOf(fresh, Enrolled, Local(2026, 1, 31)));

        var bought = Program.Ledger.Process(fresh, new PurchaseEvent(Purchase("T1", Local(2026, 2, 1), 10m)), Enrolled).Account;
        Assert.Equal(LifecycleStage.Active, Program.Ledger.StageOf(bought, Enrolled, Local(2026, 4, 1)));     // 59 days
        Assert.Equal(LifecycleStage.AtRisk, Program.Ledger.StageOf(bought, Enrolled, Local(2026, 4, 2)));     // 60 days
        Assert.Equal(LifecycleStage.Dormant, Program.Ledger.StageOf(bought, Enrolled, Local(2026, 7, 31)));   // 180 days
    }

    [Fact]
    public void ADormantMembersFirstPurchaseBack_EarnsTheReactivationBonus_Once()
    {
        var account = Program.Ledger.Process(MemberAccount.Open("M1"), new PurchaseEvent(Purchase("T1", Local(2026, 2, 1), 10m)), Enrolled).Account;

        var justBefore = Program.Ledger.Process(account, new PurchaseEvent(Purchase("T2", Local(2026, 7, 30), 10m)), Enrolled);
        var back = Program.Ledger.Process(account, new PurchaseEvent(Purchase("T2", Local(2026, 7, 31), 10m)), Enrolled);
        var next = Program.Ledger.Process(back.Account, new PurchaseEvent(Purchase("T3", Local(2026, 8, 1), 10m)), Enrolled);

        Assert.Equal(10, justBefore.Accrual!.Total.Value); // 179 days: not dormant yet
        Assert.Equal(260, back.Accrual!.Total.Value);
        Assert.Equal(10, next.Accrual!.Total.Value);
        Assert.Equal(LifecycleStage.Reactivated, Program.Ledger.StageOf(next.Account, Enrolled, Local(2026, 8, 29)));
        Assert.Equal(LifecycleStage.Active, Program.Ledger.StageOf(next.Account, Enrolled, Local(2026, 8, 30)));
        Assert.Equal(next.Account, MemberAccount.FromJson(next.Account.ToJson()));
        Assert.Equal(Program.ToJson(), LoyaltyProgram.FromJson(Program.ToJson()).ToJson());
    }

    [Fact]
    public void APartialRefundOfTheComebackPurchase_KeepsTheReactivationBonus()
    {
        var account = Program.Ledger.Process(MemberAccount.Open("M1"), new PurchaseEvent(Purchase("T1", Local(2026, 2, 1), 10m)), Enrolled).Account;
        var comeback = Purchase("T2", Local(2026, 7, 31), 10m, 5m);
        account = Program.Ledger.Process(account, new PurchaseEvent(comeback), Enrolled).Account;

        var refund = Program.Ledger.Process(account, new RefundEvent("R1", Local(2026, 8, 2), comeback, [new ReturnedLine(1, 1m)]), Enrolled);

        Assert.Equal(-5, refund.Qualifying!.Points); // only the returned line's 5 points; the 250 stay
    }
}
