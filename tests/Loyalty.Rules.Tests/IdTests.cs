using System;
using System.Text.Json;
using Xunit;
using static Loyalty.Rules.Tests.TestData;

namespace Loyalty.Rules.Tests;

/// <summary>Ids are at most 128 characters and hold no control characters, wherever they come from.</summary>
public class IdTests
{
    private static readonly string TenMegabytes = new('m', 10 * 1024 * 1024);

    [Fact]
    public void ATenMegabyteMemberId_IsRefused_InEveryPlaceAnIdEnters()
    {
        string message = $"memberId: must be at most 128 characters, was {TenMegabytes.Length}.";

        Assert.Equal(message, Assert.ThrowsAny<ArgumentException>(() => MemberAccount.Open(TenMegabytes)).Message);
        Assert.Equal(message, Assert.ThrowsAny<ArgumentException>(() => new MemberContext(TenMegabytes)).Message);
        Assert.Equal(message, Assert.ThrowsAny<ArgumentException>(() => new Transaction("T1", TenMegabytes, AMonday, "USD", "store", [new TransactionLine("SKU", null, 1m, 1m)])).Message);
        Assert.Equal(message, Assert.ThrowsAny<ArgumentException>(() => new RedemptionEvent("R1", TenMegabytes, AMonday, 100)).Message);
    }

    [Theory]
    [InlineData("sku", "LATTE\n")]
    [InlineData("category", "cof\tfee")]
    [InlineData("id", "T\u00001")]
    public void AnIdWithAControlCharacter_IsRefused_NamingTheField(string field, string value)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => field switch
        {
            "sku" => (object)new TransactionLine(value, null, 1m, 1m),
            "category" => new TransactionLine("SKU", value, 1m, 1m),
            _ => new Transaction(value, "M1", AMonday, "USD", "store", [new TransactionLine("SKU", null, 1m, 1m)]),
        });

        Assert.Equal(field, error.ParamName);
        Assert.StartsWith($"{field}: must not hold control characters (U+", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An128CharacterId_IsAccepted_And129IsNot()
    {
        Assert.Equal(128, MemberAccount.Open(new string('a', 128)).MemberId.Length);
        Assert.ThrowsAny<ArgumentException>(() => MemberAccount.Open(new string('a', 129)));
        Assert.Equal("M-ü-✓ 1", MemberAccount.Open("M-ü-✓ 1").MemberId); // any printable text, spaces too
    }

    [Fact]
    public void AStoredAccountWithAnOverlongMemberId_IsRefused()
    {
        string json = MemberAccount.Open("M1").ToJson().Replace("\"M1\"", $"\"{new string('m', 200)}\"", StringComparison.Ordinal);

        Assert.Equal("$.memberId: must be at most 128 characters, was 200.", Assert.Throws<JsonException>(() => MemberAccount.FromJson(json)).Message);
    }

    [Fact]
    public void ARuleIdBeyondTheLimit_IsAProgramProblem()
    {
        var error = Assert.Throws<ProgramValidationException>(() => new LoyaltyProgramBuilder("x", "USD", NodaTime.DateTimeZone.Utc).AddEarnRate(new string('r', 300), 1m).Build());

        Assert.Equal("earn[0].id: must be at most 128 characters, was 300.", Assert.Single(error.Problems).ToString());
    }
}
