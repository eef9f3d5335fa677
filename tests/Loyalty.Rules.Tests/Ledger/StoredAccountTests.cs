using System;
using System.IO;
using Loyalty.Rules.Samples;
using NodaTime;
using Xunit;

namespace Loyalty.Rules.Tests.Ledger;

/// <summary>Accounts hosts stored with earlier versions keep working: read, deduplicated, refunded, written again.</summary>
public sealed class StoredAccountTests
{
    private static readonly LoyaltyProgram P1 = CoffeeProgram.Build();

    private static readonly MemberContext Member = new("M1");

    /// <summary>The i-th purchase of the member whose 30 purchases <c>Stored/account-v1.json</c> holds (written by format 1).</summary>
    private static Transaction Purchase(int i, decimal extra = 0m)
    {
        var at = Instant.FromUtc(2026, 1, 1, 14, 0).Plus(Duration.FromMinutes(i * 525.6));
        var lines = new[] { new TransactionLine($"SKU-{i % 40}", i % 3 == 0 ? "food" : "coffee", 1 + (i % 2), 3.25m + (i % 7) + extra) };
        return new Transaction($"M1-T{i:D4}", "M1", at, "USD", i % 4 == 0 ? "app" : "store", lines);
    }

    private static MemberAccount Version1() => MemberAccount.FromJson(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Ledger", "Stored", "account-v1.json")));

    [Fact]
    public void AFormat1Account_TellsReDeliveriesFromConflicts_ByItsLongerFingerprints()
    {
        var account = Version1();
        Assert.Equal(30, account.Purchases.Length);
        Assert.Equal(32, account.Purchases[29].Fingerprint.Length); // as format 1 stored them

        var again = P1.Ledger.Process(account, new PurchaseEvent(Purchase(29)), Member);
        Assert.Equal(LedgerStatus.Duplicate, again.Status);

        var conflict = P1.Ledger.Process(account, new PurchaseEvent(Purchase(29, extra: 1m)), Member);
        Assert.Equal(LedgerStatus.Rejected, conflict.Status);
        Assert.Contains("other content", conflict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AFormat1Account_RefundsAPurchaseItStored_AndRefusesAnAlteredOne()
    {
        var account = Version1();
        var original = Purchase(28);
        var at = original.OccurredAt.Plus(Duration.FromDays(2));
        var refund = P1.Ledger.Process(account, new RefundEvent("M1-T0028-R", at, original, [new ReturnedLine(0, 1m)]), Member);
        Assert.Equal(LedgerStatus.Applied, refund.Status);
        Assert.True(refund.Account.Totals.Reversed.Value > 0);

        var refused = P1.Ledger.Process(account, new RefundEvent("M1-T0028-R2", at, Purchase(28, extra: 1m), [new ReturnedLine(0, 1m)]), Member);
        Assert.NotEqual(LedgerStatus.Applied, refused.Status);
        Assert.Contains("other content", refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AFormat1AccountThatSpelledOutDefaults_LoadsTheSame()
    {
        string json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Ledger", "Stored", "account-v1.json"));
        var spelledOut = json
            .Replace("\"transactionId\":\"M1-T0001\",", "\"transactionId\":\"M1-T0001\",\"reversed\":0,\"held\":false,\"voided\":false,\"enrolledOn\":null,\"segments\":[],", StringComparison.Ordinal)
            .Replace("\"id\":\"M1-T0001/accrual\",", "\"id\":\"M1-T0001/accrual\",\"heldBy\":null,\"isHeld\":false,", StringComparison.Ordinal); // what earlier versions wrote

        Assert.NotEqual(json, spelledOut);
        Assert.Contains("isHeld", spelledOut, StringComparison.Ordinal);
        Assert.Equal(Version1(), MemberAccount.FromJson(spelledOut));
    }

    [Fact]
    public void AFormat1Account_IsWrittenAsFormat2_AndReadBackTheSame()
    {
        var account = Version1();
        string json = account.ToJson();

        Assert.StartsWith("{\"formatVersion\":2,", json, StringComparison.Ordinal);
        Assert.Equal(account, MemberAccount.FromJson(json));
        Assert.Equal(json, MemberAccount.FromJson(json).ToJson());
        Assert.True(json.Length < File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Ledger", "Stored", "account-v1.json")).Length / 2, $"{json.Length} characters");
    }
}
