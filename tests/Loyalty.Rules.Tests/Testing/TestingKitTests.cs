using System.Linq;
using FsCheck.Fluent;
using Loyalty.Rules.Samples;
using Loyalty.Rules.Testing;
using NodaTime;
using Xunit;

namespace Loyalty.Rules.Tests.Testing;

/// <summary>The test kit as a client app's suite would use it.</summary>
public class TestingKitTests
{
    private static readonly LoyaltyProgram P1 = CoffeeProgram.Build();

    [Fact]
    public void Builders_AndAssertions_ReadLikeTheScenario()
    {
        var clock = LoyaltyClock.At(P1, new LocalDateTime(2026, 3, 10, 23, 30)); // Tuesday night in New York
        var purchase = new TransactionBuilder("T-9").By("ana").At(clock.GetCurrentInstant()).InChannel("app").Line("LATTE", "coffee", 2m, 4.95m).Build();
        var gold = new MemberBuilder("ana").InTier("Gold").Build();

        var result = P1.Evaluator.Evaluate(purchase, gold);

        AccrualAssert.HasTotal(result, 69); // 19.80 x1.5 x2 = 59.4, floored to 59, +10 in the app
        AccrualAssert.HasItem(result, "app-bonus", 10m);
        AccrualAssert.HasNoItem(result, "spend-35");
    }

    [Fact]
    public void AFailedAssertion_ShowsTheItemizedAccrual()
    {
        var result = P1.Evaluator.Evaluate(new TransactionBuilder().Line("BEANS", "coffee", 1m, 17.50m).Build(), new MemberBuilder().InTier("Green").Build());

        var error = Assert.Throws<LoyaltyAssertionException>(() => AccrualAssert.HasTotal(result, 36));

        Assert.StartsWith("Expected 36 points, got 35:", error.Message, System.StringComparison.Ordinal);
        Assert.Contains("base-rate", error.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void HasBalance_ComparesAvailablePendingAndHeld()
    {
        var account = P1.Ledger.Process(MemberAccount.Open("M1"), new TransactionBuilder().BuildEvent(), new MemberBuilder().InTier("Green").Build()).Account;

        AccrualAssert.HasBalance(account, Instant.FromUtc(2026, 1, 1, 12, 0), available: 0, pending: 20);
        var error = Assert.Throws<LoyaltyAssertionException>(() => AccrualAssert.HasBalance(account, Instant.FromUtc(2026, 1, 1, 12, 0), available: 20));
        Assert.Contains("T-1/accrual: 20 of 20", error.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Generators_GiveValidScenariosThatEvaluate()
    {
        var scenarios = LoyaltyGenerators.Scenario(allowCaps: true).Sample(50, 20);

        Assert.All(scenarios, s => Assert.True(s.Program.Evaluator.EvaluateTotal(s.Transaction, s.Member).Points.Value >= 0));
        Assert.True(scenarios.Select(s => s.Program.Earn.Length).Distinct().Count() > 1);
    }

    [Fact]
    public void Accounts_DeliverWhatAnOutcomeHandsOn_AndRouteAClosedAccountsEvents()
    {
        var program = new LoyaltyProgramBuilder("kit", "USD", DateTimeZoneProviders.Tzdb["America/New_York"]).AddEarnRate("base", 1m)
            .WithTransfers(new TransferPolicy { FeeRate = 0.10m }).Build();
        var at = Instant.FromUtc(2026, 3, 1, 12, 0);
        var accounts = new LoyaltyAccounts(program);
        accounts.Process(new PurchaseEvent(new TransactionBuilder("T1").By("ana").At(at).Line("LATTE", "coffee", 1m, 600m).Build()));

        accounts.Process(new TransferOutEvent("X1", "ana", "ben", at, 500));
        var inSide = Assert.IsType<TransferInEvent>(Assert.Single(accounts.Pending));
        Assert.Equal("X1/in", inSide.Id);
        accounts.DeliverAll();
        Assert.Equal((50L, 500L), (accounts["ana"].BalanceAt(at).Available.Value, accounts["ben"].BalanceAt(at).Available.Value));

        accounts.Process(new AccountClosureEvent("M1", "ben", "ana", at));
        Assert.Null(accounts.Route("ben")); // the absorption is queued
        accounts.DeliverAll();
        Assert.Equal("ana", accounts.Route("ben"));
        Assert.Equal(550L, accounts["ana"].BalanceAt(at).Available.Value);
        Assert.Equal(LedgerStatus.Duplicate, accounts.Process(inSide).Status); // the closed account's event, now in ana's
    }
}
