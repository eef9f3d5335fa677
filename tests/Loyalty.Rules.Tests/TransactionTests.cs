using System;
using Xunit;
using static Loyalty.Rules.Tests.TestData;

namespace Loyalty.Rules.Tests;

public class TransactionTests
{
    [Theory]
    [InlineData(0, 1, 0, "quantity")]
    [InlineData(-1, 1, 0, "quantity")]
    [InlineData(1, -0.01, 0, "unitPrice")]
    [InlineData(1, 1, -1, "discount")]
    [InlineData(2, 1, 2.01, "discount")]
    public void TransactionLine_BadInput_NamesTheField(decimal quantity, decimal unitPrice, decimal discount, string field)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new TransactionLine("SKU", "coffee", quantity, unitPrice, discount));
        Assert.Equal(field, error.ParamName);
        Assert.StartsWith(field + ":", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TransactionLine_Amount_IsQuantityTimesPriceLessDiscount()
        => Assert.Equal(11.97m, new TransactionLine("SKU", "coffee", 3m, 4.49m, 1.50m).Amount);

    [Fact]
    public void Transaction_NoLines_IsRejected()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new Transaction("T1", "M1", AMonday, "USD", "store", []));
        Assert.Equal("lines", error.ParamName);
    }

    [Fact]
    public void Transaction_OrderDiscountAboveLines_IsRejected()
    {
        var error = Assert.ThrowsAny<ArgumentOutOfRangeException>(() => new Transaction("T1", "M1", AMonday, "USD", "store", [Line(10m)], orderDiscount: 10.01m));
        Assert.Equal("orderDiscount", error.ParamName);
    }

    [Fact]
    public void Transaction_PaidWithPointsAboveAmountDue_IsRejected()
    {
        var error = Assert.ThrowsAny<ArgumentOutOfRangeException>(() => new Transaction("T1", "M1", AMonday, "USD", "store", [Line(10m)], tax: 1m, paidWithPoints: 11.01m));
        Assert.Equal("paidWithPoints", error.ParamName);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void Transaction_BlankId_IsRejected(string id)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new Transaction(id, "M1", AMonday, "USD", "store", [Line(1m)]));
        Assert.Equal("id", error.ParamName);
    }

    [Fact]
    public void Transaction_LowerCaseCurrency_IsRejected()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new Transaction("T1", "M1", AMonday, "usd", "store", [Line(1m)]));
        Assert.Equal("currency", error.ParamName);
    }

    [Fact]
    public void Evaluate_OtherCurrency_NamesTransactionCurrency()
    {
        var program = Program().AddEarnRate("base", 1m).Build();
        var eur = new Transaction("T1", "M1", AMonday, "EUR", "store", [Line(10m)]);
        var error = Assert.ThrowsAny<ArgumentException>(() => program.Evaluator.EvaluateTotal(eur, Member()));
        Assert.Equal("transaction.Currency", error.ParamName);
        Assert.Equal("transaction.Currency: 'EUR' is not the currency of program 'test' (USD).", error.Message);
    }

    [Fact]
    public void Evaluate_UnknownTier_NamesMemberTier()
    {
        var program = Program("Green", "Gold").AddEarnRate("base", 1m).Build();
        var error = Assert.ThrowsAny<ArgumentException>(() => program.Evaluator.EvaluateTotal(Purchase(Line(10m)), Member("Platinum")));
        Assert.Equal("member.TierId", error.ParamName);
        Assert.Contains("tier 'Platinum' is not declared by program 'test' (its tiers: Green, Gold)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_TierCaseDiffers_IsUnknown()
    {
        var program = Program("Gold").AddEarnRate("base", 1m).Build();
        Assert.ThrowsAny<ArgumentException>(() => program.Evaluator.EvaluateTotal(Purchase(Line(10m)), Member("gold")));
    }

    [Fact]
    public void Evaluate_OtherMember_NamesMemberId()
    {
        var program = Program().AddEarnRate("base", 1m).Build();
        var error = Assert.ThrowsAny<ArgumentException>(() => program.Evaluator.EvaluateTotal(Purchase(Line(10m)), new MemberContext("M2")));
        Assert.Equal("member.MemberId", error.ParamName);
    }

    [Fact]
    public void MemberContext_CarriedFractionOutOfRange_IsRejected()
    {
        var error = Assert.ThrowsAny<ArgumentOutOfRangeException>(() => new MemberContext("M1", carriedFraction: 1m));
        Assert.Equal("carriedFraction", error.ParamName);
    }
}
