using System;
using Xunit;

namespace Loyalty.Rules.Tests;

public class ValuesTests
{
    [Fact]
    public void Points_Arithmetic_IsChecked()
    {
        Assert.Equal(new Points(151), new Points(100) + new Points(51));
        Assert.Equal(new Points(-5), new Points(5) - new Points(10));
        Assert.Throws<OverflowException>(() => new Points(long.MaxValue) + new Points(1));
        Assert.Throws<OverflowException>(() => new Points(long.MinValue) - new Points(1));
        Assert.Throws<OverflowException>(() => -new Points(long.MinValue));
        Assert.Throws<OverflowException>(() => new Points(long.MaxValue / 2 + 1) * 2);
    }

    [Fact]
    public void Points_Comparison_FollowsValue()
    {
        Assert.True(new Points(2) > new Points(1));
        Assert.True(new Points(1) <= new Points(1));
        Assert.Equal(-1, new Points(1).CompareTo(new Points(2)));
        Assert.Equal(new Points(3), Points.Min(new Points(3), new Points(4)));
        Assert.Equal("151", new Points(151).ToString());
    }

    [Fact]
    public void Money_SameCurrency_AddsExactly()
    {
        var sum = new Money(0.10m, "USD") + new Money(0.20m, "USD");
        Assert.Equal(new Money(0.30m, "USD"), sum);
        Assert.Equal("0.30 USD", sum.ToString());
    }

    [Fact]
    public void Money_DifferentCurrencies_Throw()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new Money(1m, "USD") + new Money(1m, "EUR"));
        Assert.Equal("Cannot combine USD with EUR.", error.Message);
    }

    [Theory]
    [InlineData("usd")]
    [InlineData("US")]
    [InlineData("DOLLAR")]
    public void Money_InvalidCurrency_NamesField(string code)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new Money(1m, code));
        Assert.Equal("currency", error.ParamName);
    }

    [Theory]
    [InlineData("USD", 2, "0.01")]
    [InlineData("JPY", 0, "1")]
    [InlineData("KWD", 3, "0.001")]
    public void Currency_MinorUnits_FollowIso4217(string code, int digits, string unit)
    {
        Assert.Equal(digits, Currency.MinorUnitDigits(code));
        Assert.Equal(decimal.Parse(unit, System.Globalization.CultureInfo.InvariantCulture), Currency.MinorUnit(code));
    }
}
