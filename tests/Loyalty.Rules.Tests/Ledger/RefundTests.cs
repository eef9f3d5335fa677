using System.Linq;
using NodaTime;
using Xunit;
using static Loyalty.Rules.Tests.Ledger.LedgerTestData;

namespace Loyalty.Rules.Tests.Ledger;

public class RefundTests
{
    private static LoyaltyProgram Program(RefundShortfall shortfall) => LedgerTestData.Program()
        .AddSpendThresholdBonus("spend-35", 35.00m, new Points(50))
        .WithLedger(new LedgerPolicy { Shortfall = shortfall })
        .Build();

    private static RefundEvent Return(string id, Transaction original, params (int Line, decimal Quantity)[] lines)
        => new(id, original.OccurredAt.Plus(Duration.FromDays(3)), original, lines.Select(l => new ReturnedLine(l.Line, l.Quantity)));

    [Fact]
    public void PartialRefund_BelowTheThreshold_TakesTheBonusBack()
    {
        var program = Program(RefundShortfall.ClawBack);
        var purchase = Purchase("T1", Local(2026, 1, 5), 20m, 20m); // 40 + 50 bonus = 90
        var account = program.Ledger.Process(MemberAccount.Open("M1"), new PurchaseEvent(purchase), Member).Account;

        var refunded = program.Ledger.Process(account, Return("RF1", purchase, (1, 1m)), Member);

        Assert.Equal(LedgerStatus.Applied, refunded.Status);
        Assert.Equal(70, refunded.Entries.Where(e => e.Kind == LedgerEntryKind.Reversed).Sum(e => e.Points.Value)); // keeps 20
        Assert.Equal(20, refunded.Account.BalanceAt(Local(2026, 1, 9)).Available);
        Assert.Equal((-20m, -70L, 0), (refunded.Qualifying!.Spend, refunded.Qualifying.Points, refunded.Qualifying.Transactions));
    }

    [Fact]
    public void TwoPartialRefunds_NeverReverseTwice()
    {
        var program = Program(RefundShortfall.ClawBack);
        var purchase = Purchase("T1", Local(2026, 1, 5), 10m, 10m, 30m); // 50 + 50 = 100
        var account = program.Ledger.Process(MemberAccount.Open("M1"), new PurchaseEvent(purchase), Member).Account;

        account = program.Ledger.Process(account, Return("RF1", purchase, (0, 1m)), Member).Account; // keeps 40: 40, reverses 60
        account = program.Ledger.Process(account, Return("RF2", purchase, (1, 1m)), Member).Account; // keeps 30: reverses 10

        Assert.Equal(70, account.Totals.Reversed);
        Assert.Equal(30, account.BalanceAt(Local(2026, 1, 9)).Available);
    }

    [Fact]
    public void FullRefund_OfAnUnspentPurchase_RestoresThePreviousBalance()
    {
        var program = Program(RefundShortfall.ClawBack);
        var before = program.Buy(MemberAccount.Open("M1"), "T0", Local(2026, 1, 1), 12m).Account;
        var purchase = Purchase("T1", Local(2026, 1, 5), 20m, 20m);
        var account = program.Ledger.Process(before, new PurchaseEvent(purchase), Member).Account;

        var refunded = program.Ledger.Process(account, Return("RF1", purchase, (0, 1m), (1, 1m)), Member).Account;

        Assert.Equal(before.BalanceAt(Local(2026, 1, 9)), refunded.BalanceAt(Local(2026, 1, 9)));
        Assert.Equal(-1, program.Ledger.Process(account, Return("RF1", purchase, (0, 1m), (1, 1m)), Member).Qualifying!.Transactions);
        Assert.Equal(before.Lots.ToArray(), refunded.Lots.ToArray());
    }

    [Theory]
    [InlineData(RefundShortfall.ClawBack, 70L, 0L, 0L)]
    [InlineData(RefundShortfall.Debt, -80L, 80L, 0L)]
    [InlineData(RefundShortfall.WriteOff, 0L, 0L, 80L)]
    public void RefundOfSpentPoints_FollowsTheShortfallPolicy(RefundShortfall policy, long available, long debt, long writtenOff)
    {
        // The purchase earns 90; 80 of them are spent; under claw-back, 150 other points (100 + 50 bonus) are earned
        // later; then the purchase is refunded: 10 come from its own lot, the other 80 as the policy says.
        var program = Program(policy);
        var purchase = Purchase("T1", Local(2026, 1, 5), 20m, 20m);
        var account = program.Ledger.Process(MemberAccount.Open("M1"), new PurchaseEvent(purchase), Member).Account;
        account = program.Redeem(account, "R1", Local(2026, 1, 6), 80).Account;
        if (policy == RefundShortfall.ClawBack)
        {
            account = program.Buy(account, "T2", Local(2026, 1, 7), 100m).Account;
        }

        var refunded = program.Ledger.Process(account, Return("RF1", purchase, (0, 1m), (1, 1m)), Member).Account;

        Assert.Equal((available, debt, writtenOff), (refunded.BalanceAt(Local(2026, 1, 9)).Available, refunded.Debt, refunded.Totals.WrittenOff));
    }

    [Fact]
    public void Debt_IsRepaidByTheNextPoints()
    {
        var program = Program(RefundShortfall.Debt);
        var purchase = Purchase("T1", Local(2026, 1, 5), 20m, 20m);
        var account = program.Ledger.Process(MemberAccount.Open("M1"), new PurchaseEvent(purchase), Member).Account;
        account = program.Redeem(account, "R1", Local(2026, 1, 6), 90).Account;
        account = program.Ledger.Process(account, Return("RF1", purchase, (0, 1m), (1, 1m)), Member).Account;
        Assert.Equal(90, account.Debt);

        var repaid = program.Buy(account, "T2", Local(2026, 1, 10), 100m);
        Assert.Equal((0L, 60L), (repaid.Account.Debt, repaid.Account.BalanceAt(Local(2026, 1, 10)).Available)); // 150 earned, 90 repay the debt
        Assert.Contains(repaid.Entries, e => e.Kind == LedgerEntryKind.DebtRepaid && e.Points == 90);
    }

    [Fact]
    public void Refund_NamingAnAlteredOriginal_IsRejected()
    {
        var program = Program(RefundShortfall.ClawBack);
        var purchase = Purchase("T1", Local(2026, 1, 5), 20m, 20m);
        var account = program.Ledger.Process(MemberAccount.Open("M1"), new PurchaseEvent(purchase), Member).Account;
        var altered = Purchase("T1", Local(2026, 1, 5), 20m, 200m);

        var outcome = program.Ledger.Process(account, Return("RF1", altered, (1, 1m)), Member);

        Assert.Equal(LedgerStatus.Rejected, outcome.Status);
        Assert.Contains("other content", outcome.Reason, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Refund_OfAnUnknownPurchase_IsRejected()
    {
        var program = Program(RefundShortfall.ClawBack);
        var outcome = program.Ledger.Process(MemberAccount.Open("M1"), Return("RF1", Purchase("T9", Local(2026, 1, 5), 20m), (0, 1m)), Member);
        Assert.Equal(LedgerStatus.Rejected, outcome.Status);
    }
}
