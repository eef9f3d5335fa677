using Xunit;
using static Loyalty.Rules.Tests.Ledger.LedgerTestData;

namespace Loyalty.Rules.Tests.Ledger;

public class DonationTests
{
    private static readonly LoyaltyProgram Program = LedgerTestData.Program()
        .WithRedemption(new RedemptionPolicy { Minimum = 100, Increment = 100, Causes = ["food-bank", "tree-planting"] })
        .Build();

    [Fact]
    public void Donation_TakesPointsLikeARedemption_AndNamesTheCauseAndTheValue()
    {
        var account = Program.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 3, 10), 750m).Account;

        var donated = Program.Ledger.Process(account, new RedemptionEvent("D1", "M1", Local(2026, 3, 11), 500, cause: "food-bank"), Member);

        Assert.Equal(LedgerStatus.Applied, donated.Status);
        var entry = Assert.Single(donated.Entries);
        Assert.Equal(LedgerEntryKind.Donated, entry.Kind);
        Assert.Equal("donated to 'food-bank' (worth 5.00 USD)", entry.Reason);
        Assert.Equal(new Money(5.00m, "USD"), donated.Value);
        Assert.Equal(250, donated.Account.BalanceAt(Local(2026, 3, 11)).Available);
        Assert.Equal(500, donated.Account.Totals.Redeemed);
    }

    [Fact]
    public void Donation_ToAnUnknownCause_OrCancelled_IsRefused()
    {
        var account = Program.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 3, 10), 750m).Account;
        var donated = Program.Ledger.Process(account, new RedemptionEvent("D1", "M1", Local(2026, 3, 11), 500, cause: "food-bank"), Member).Account;

        var unknown = Program.Ledger.Process(account, new RedemptionEvent("D2", "M1", Local(2026, 3, 11), 100, cause: "yacht-fund"), Member);
        var cancel = Program.Ledger.Process(donated, new RedemptionCancellationEvent("C1", "M1", Local(2026, 3, 12), "D1"), Member);
        var none = LedgerTestData.Program().Build().Ledger.Process(account, new RedemptionEvent("D3", "M1", Local(2026, 3, 11), 100, cause: "food-bank"), Member);

        Assert.Equal("cause 'yacht-fund' is not one the program supports (food-bank, tree-planting).", unknown.Reason);
        Assert.Equal("redemption 'D1' was a donation to 'food-bank': a donation cannot be cancelled.", cancel.Reason);
        Assert.Equal("the program offers no donations.", none.Reason);
        Assert.Contains("\"causes\": [", Program.ToJson(), System.StringComparison.Ordinal);
        Assert.Equal(Program.ToJson(), LoyaltyProgram.FromJson(Program.ToJson()).ToJson());
    }
}
