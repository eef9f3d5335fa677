using System;
using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using NodaTime;
using Xunit;
using static Loyalty.Rules.Tests.Ledger.LedgerTestData;

namespace Loyalty.Rules.Tests.Ledger;

/// <summary>Format 2 stores an account's lists as column tables: exact both ways, and a broken table is named by its path.</summary>
public sealed class AccountTablesTests
{
    private static readonly LoyaltyProgram Shop = Program().Build();

    private static readonly Instant At = Instant.FromUtc(2026, 3, 1, 12, 0);

    private static MemberAccount TwoPurchases()
    {
        var account = Shop.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 3, 1), 120m).Account;
        return Shop.Buy(account, "T2", Local(2026, 3, 2), 80m).Account;
    }

    private static PointLot Lot(string id, string source, string rule, Instant earned, Instant available, Instant? expires, long points = 10)
        => new() { Id = id, SourceId = source, RuleId = rule, Points = points, Remaining = points, EarnedAt = earned, AvailableAt = available, ExpiresAt = expires, Matured = true };

    [Fact]
    public void LotsOfEveryShape_ComeBackExactly()
    {
        // Ids that are not "source/rule", a rule with a slash, instants a nanosecond apart, going back, centuries apart, no expiry between two.
        PointLot[] lots =
        [
            Lot("T1/accrual", "T1", "accrual", At, At, At.Plus(Duration.FromDays(365))),
            Lot("merged-1", "T2", "accrual", At.PlusNanoseconds(1), At.Plus(Duration.FromDays(14)), null),
            Lot("T3/a/b", "T3", "a/b", At.Minus(Duration.FromSeconds(1.5)), At, At.Plus(Duration.FromDays(30))),
            Lot("T4/x", "T4/x", "", At, At, Instant.FromUtc(2400, 1, 1, 0, 0)) with { HeldBy = "T4", ReviewBy = At.Plus(Duration.FromDays(7)) },
        ];
        var account = MemberAccount.Open("M1") with { Lots = [.. lots], Totals = new LedgerTotals { Accrued = 40 } };

        var json = account.ToJson();
        var again = MemberAccount.FromJson(json);

        Assert.Equal(lots, again.Lots);
        Assert.Contains("\"sourceId\":[[null,1],[\"T2\",1],[\"T3\",1],[\"T4/x\",1]]", json, StringComparison.Ordinal);
        Assert.Contains("\"earnedAt\":[\"2026-03-01T12:00:00Z\",0.000000001,-1.500000001,1.5]", json, StringComparison.Ordinal);
        Assert.Contains("\"expiresAt\":[\"2027-03-01T12:00:00Z\",null,-28944000,\"2400-01-01T00:00:00Z\"]", json, StringComparison.Ordinal);
    }

    [Fact]
    public void ARedemption_KeepsEachShareOfALot_InOneTableOfShares()
    {
        var account = Shop.Redeem(TwoPurchases(), "R1", Local(2026, 3, 20), 150).Account;

        var json = account.ToJson();
        var again = MemberAccount.FromJson(json);

        Assert.Equal(account.Redemptions, again.Redemptions);
        Assert.Equal(2, again.Redemptions[0].Taken.Length);
        Assert.Contains("\"redemptions\":{\"id\":[\"R1\"],\"at\":[\"2026-03-20T", json, StringComparison.Ordinal);
        Assert.Contains("\"shares\":[2],\"taken\":{\"id\":[\"T1/accrual\",\"T2/accrual\"]", json, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAppliedPurchase_IsWrittenAsItsPurchasesRow()
    {
        var json = TwoPurchases().ToJson();

        Assert.Contains("\"applied\":{\"purchase\":[0,1]}", json, StringComparison.Ordinal);
        Assert.Matches("\"fingerprint\":\"[A-Za-z0-9+/]{22}==\"", json); // two fingerprints of 8 bytes, one base64 string
    }

    [Fact]
    public void FingerprintsBase64CannotGiveBack_AreWrittenAsTheyAre()
    {
        var account = TwoPurchases();
        var records = account.Purchases.ToImmutableArray();
        var lower = account with { Purchases = AccountList<PurchaseRecord>.Of(ImmutableArray.Create(records[0] with { Fingerprint = records[0].Fingerprint.ToLowerInvariant() }, records[1])) };

        var json = lower.ToJson();

        Assert.Contains($"\"fingerprint\":[\"{records[0].Fingerprint.ToLowerInvariant()}\",\"{records[1].Fingerprint}\"]", json, StringComparison.Ordinal);
        Assert.Equal(lower.Purchases, MemberAccount.FromJson(json).Purchases);
    }

    [Theory]
    [InlineData("awarded", "[120]", "$.events.purchases.awarded: must be an array of 2 values, one per row.")]
    [InlineData("tierId", "[[\"Gold\",3]]", "$.events.purchases.tierId[0]: runs past the table's 2 rows.")]
    [InlineData("held", "[[true,1]]", "$.events.purchases.held: runs cover 1 rows, not the table's 2.")]
    [InlineData("at", "[7200,60]", "$.events.purchases.at[0]: must be an ISO-8601 instant: no instant comes before it to count seconds from.")]
    [InlineData("at", "[\"2026-03-01T12:00:00Z\",0.0000000001]", "$.events.purchases.at[1]: must be seconds to the nanosecond, no finer.")]
    [InlineData("fingerprint", "\"AAAA\"", "$.events.purchases.fingerprint: must be base64 of 2 fingerprints of 8 bytes each.")]
    [InlineData("colour", "[1,2]", "$.events.purchases.colour: is not a column of this table (columns: transactionId, at, awarded, fingerprint,")]
    public void ABrokenTable_IsRefused_NamingTheColumn(string column, string value, string message)
    {
        var a = JsonNode.Parse(TwoPurchases().ToJson())!.AsObject();
        a["events"]!["purchases"]![column] = JsonNode.Parse(value);

        var error = Assert.Throws<JsonException>(() => MemberAccount.FromJson(a.ToJsonString()));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAppliedEventPointingPastThePurchases_IsRefused()
    {
        var a = JsonNode.Parse(TwoPurchases().ToJson())!.AsObject();
        a["events"]!["applied"]!["purchase"]![1] = 2;

        var error = Assert.Throws<JsonException>(() => MemberAccount.FromJson(a.ToJsonString()));

        Assert.Equal("$.events.applied.purchase[1]: must be -1 (an event of the columns below) or a row of events.purchases (0 to 1), was 2.", error.Message);
    }

    [Fact]
    public void AnAccountWithoutLists_WritesNoTables()
    {
        var json = MemberAccount.Open("M1").ToJson();

        Assert.DoesNotContain("\"lots\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"events\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"redemptions\"", json, StringComparison.Ordinal);
        Assert.Equal(MemberAccount.Open("M1"), MemberAccount.FromJson(json));
    }
}
