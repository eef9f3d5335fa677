using System;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;
using static Loyalty.Rules.Tests.Ledger.LedgerTestData;

namespace Loyalty.Rules.Tests.Ledger;

/// <summary>A stored account that was tampered with (or built by hand) is refused, never paid out from.</summary>
public class AccountIntegrityTests
{
    private static readonly LoyaltyProgram Shop = Program().WithRedemption(new RedemptionPolicy { Minimum = 100, PointsPerCurrencyUnit = 100m }).Build();

    private static MemberAccount TwoPurchases()
    {
        var account = Shop.Buy(MemberAccount.Open("M1"), "T1", Local(2026, 3, 1), 120m).Account;
        return Shop.Buy(account, "T2", Local(2026, 3, 2), 80m).Account;
    }

    private static string Tampered(MemberAccount account, Action<JsonObject> change)
    {
        var json = JsonNode.Parse(account.ToJson())!.AsObject();
        change(json);
        return json.ToJsonString();
    }

    [Theory]
    [InlineData("remaining", -5, "$.lots.remaining[0]: must be above 0 and at most the lot's 120 points, was -5.")]
    [InlineData("remaining", 121, "$.lots.remaining[0]: must be above 0 and at most the lot's 120 points, was 121.")]
    [InlineData("points", 0, "$.lots.points[0]: must be positive, was 0.")]
    public void ALotOutOfItsBounds_IsRefused_NamingTheField(string field, long value, string message)
    {
        var json = Tampered(TwoPurchases(), a => a["lots"]![field]![0] = value); // lots are a table: a column per field

        var error = Assert.Throws<JsonException>(() => MemberAccount.FromJson(json));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void RaisedPoints_DoNotAddUp_SoTheAccountIsRefused_AndNoRedemptionCanSpendThem()
    {
        // The case: a lot raised to 10,000 points while the totals say 200 were accrued.
        var json = Tampered(TwoPurchases(), a =>
        {
            a["lots"]!["points"]![0] = 10_000;
            a["lots"]!["remaining"]![0] = 10_000;
        });

        var error = Assert.Throws<JsonException>(() => MemberAccount.FromJson(json));

        Assert.StartsWith("$.totals: do not account for the lots: accrued + adjusted up + transferred in + merged in = 200, but the lots (10080)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoLotsWithOneId_AreRefused()
    {
        var json = Tampered(TwoPurchases(), a => a["lots"]!["id"]![1] = a["lots"]!["id"]![0]!.GetValue<string>());

        Assert.Equal("$.lots.id[1]: 'T1/accrual' is used by another lot.", Assert.Throws<JsonException>(() => MemberAccount.FromJson(json)).Message);
    }

    [Fact]
    public void AnAccountBrokenInMemory_IsRefusedByTheLedger_WithTheField()
    {
        var account = TwoPurchases();
        var broken = account with { Lots = [account.Lots[0] with { Remaining = 500 }, account.Lots[1]] };

        var error = Assert.ThrowsAny<ArgumentException>(() => Shop.Redeem(broken, "R1", Local(2026, 3, 3), 500));

        Assert.Equal("account.lots[0].remaining", error.ParamName);
    }

    [Fact]
    public void TheAccountStoresItsFormat_AnOlderOneWithoutItLoads_AndANewerOneIsRefused()
    {
        var account = TwoPurchases();
        var older = Tampered(account, a => a.Remove("formatVersion"));
        var newer = Tampered(account, a => a["formatVersion"] = 3);

        Assert.StartsWith("{\"formatVersion\":2,", account.ToJson(), StringComparison.Ordinal);
        Assert.Equal(account, MemberAccount.FromJson(older));
        Assert.Equal("$.formatVersion: 3 is newer than this version of Loyalty.Rules reads (2).", Assert.Throws<JsonException>(() => MemberAccount.FromJson(newer)).Message);
    }

    [Property(MaxTest = 300)]
    public Property AnyChangeToTheBalanceOrTotalsOfAValidAccount_IsRefusedOnLoad()
    {
        var cases =
            from amounts in Gen.Choose(1, 500).ArrayOf().Where(a => a.Length is > 0 and <= 6)
            from redeem in Gen.Choose(0, 400)
            from target in Gen.Elements("remaining", "both", "accrued", "redeemed", "debt")
            from delta in Gen.Elements(-100, -1, 1, 7, 10_000)
            select (amounts, redeem, target, delta);
        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var account = MemberAccount.Open("M1");
            for (int i = 0; i < c.amounts.Length; i++)
            {
                account = Shop.Buy(account, $"T{i}", Local(2026, 3, 1 + i), c.amounts[i]).Account;
            }

            account = Shop.Redeem(account, "R1", Local(2026, 3, 20), Math.Max(100, c.redeem)).Account;
            var json = Tampered(account, a =>
            {
                if (c.target is "remaining" or "both" && a["lots"] is JsonObject lots)
                {
                    foreach (var key in c.target == "both" ? ["points", "remaining"] : new[] { c.target })
                    {
                        lots[key]![0] = lots[key]![0]!.GetValue<long>() + c.delta; // the first lot raised with its points, or its remaining changed
                    }

                    return;
                }

                var node = c.target is "accrued" or "redeemed" ? a["totals"]!.AsObject() : a;
                foreach (var key in node == a ? ["debt"] : new[] { c.target })
                {
                    node[key] = (node[key]?.GetValue<long>() ?? 0) + c.delta; // a total changed
                }
            });

            bool refused;
            try
            {
                MemberAccount.FromJson(json);
                refused = false;
            }
            catch (JsonException)
            {
                refused = true;
            }

            return refused.Label($"{c}: {json}");
        });
    }
}
