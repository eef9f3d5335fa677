using Xunit;
using static Loyalty.Rules.Tests.TestData;

namespace Loyalty.Rules.Tests;

public class RoundingTests
{
    private static LoyaltyProgram OnePerDollar(RoundingPolicy rounding) => Program().WithRounding(rounding).AddEarnRate("base", 1m).Build();

    [Theory]
    [InlineData(RoundingMode.Floor, 2.50, 2)]
    [InlineData(RoundingMode.Ceiling, 2.50, 3)]
    [InlineData(RoundingMode.HalfEven, 2.50, 2)]
    [InlineData(RoundingMode.HalfUp, 2.50, 3)]
    [InlineData(RoundingMode.Floor, 3.50, 3)]
    [InlineData(RoundingMode.Ceiling, 3.50, 4)]
    [InlineData(RoundingMode.HalfEven, 3.50, 4)]
    [InlineData(RoundingMode.HalfUp, 3.50, 4)]
    [InlineData(RoundingMode.HalfEven, 3.49, 3)]
    [InlineData(RoundingMode.Ceiling, 3.01, 4)]
    public void Rounding_HalfPoints_FollowTheMode(RoundingMode mode, decimal amount, long expected)
        => Assert.Equal(expected, OnePerDollar(new RoundingPolicy { Mode = mode }).Points(Purchase(Line(amount))));

    [Fact]
    public void Rounding_PerLine_RoundsEachLine()
    {
        var purchase = Purchase(Line(1.50m), Line(1.50m, "food"));
        Assert.Equal(3, OnePerDollar(new RoundingPolicy { Scope = RoundingScope.PerTransaction }).Points(purchase));
        Assert.Equal(2, OnePerDollar(new RoundingPolicy { Scope = RoundingScope.PerLine }).Points(purchase));
    }

    [Fact]
    public void Rounding_PerLine_RoundsAfterModifiers()
    {
        // Each line: 1.50 x 3 = 4.5, floored to 4; per transaction it would be 9.
        var program = Program()
            .WithRounding(new RoundingPolicy { Scope = RoundingScope.PerLine })
            .AddEarnRate("base", 1m)
            .AddMultiplier("x3", 3m, null)
            .Build();
        Assert.Equal(8, program.Points(Purchase(Line(1.50m), Line(1.50m, "food"))));
    }

    [Fact]
    public void CarryFraction_ReturnsWhatRoundingDropped_AndUsesItNextTime()
    {
        var program = OnePerDollar(new RoundingPolicy { CarryFraction = true });

        var first = program.Evaluate(Purchase(Line(2.70m)));
        Assert.Equal((2L, 0.70m), (first.Total.Value, first.CarriedFraction));

        var second = program.Evaluate(Purchase(Line(2.70m)), Member(carried: first.CarriedFraction));
        Assert.Equal((3L, 0.40m), (second.Total.Value, second.CarriedFraction));
        Assert.Contains(second.Items, i => i.Kind == AccrualItemKind.CarriedIn && i.Points == 0.70m);
    }

    [Fact]
    public void CarryFraction_Off_IgnoresCarriedInput()
    {
        var result = OnePerDollar(RoundingPolicy.Default).Evaluate(Purchase(Line(2.70m)), Member(carried: 0.5m));
        Assert.Equal((2L, 0m), (result.Total.Value, result.CarriedFraction));
    }

    [Fact]
    public void CarryFraction_HalfEven_CarriesTheSignedDifference()
    {
        var result = OnePerDollar(new RoundingPolicy { Mode = RoundingMode.HalfEven, CarryFraction = true }).Evaluate(Purchase(Line(2.70m)));
        Assert.Equal((3L, -0.30m), (result.Total.Value, result.CarriedFraction));
    }
}
