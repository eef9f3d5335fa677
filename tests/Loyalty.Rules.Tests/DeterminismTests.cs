using System;
using System.Globalization;
using System.Linq;
using Loyalty.Rules.Samples;
using NodaTime;
using Xunit;
using static Loyalty.Rules.Tests.TestData;

namespace Loyalty.Rules.Tests;

public class DeterminismTests
{
    private static readonly Transaction GoldTuesday = new("T1", "M1", Instant.FromUtc(2026, 3, 11, 3, 30), "USD", "app",
        [new TransactionLine("LATTE", "coffee", 3m, 4.15m), new TransactionLine("MUG", "merch", 1m, 8.00m)]);

    [Theory]
    [InlineData("de-DE")]
    [InlineData("ar-SA")]
    [InlineData("th-TH")]
    [InlineData("fr-FR")]
    public void Evaluate_UnderAnyCulture_GivesTheSameResultAndText(string culture)
    {
        var program = CoffeeProgram.Build();
        var member = new MemberContext("M1", "Gold");
        var expected = program.Evaluator.Evaluate(GoldTuesday, member);
        string expectedText = expected.ToString();

        var saved = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            var result = CoffeeProgram.Build().Evaluator.Evaluate(GoldTuesday, member);
            Assert.Equal(expected.Total, result.Total);
            Assert.Equal(expected.Items.ToArray(), result.Items.ToArray());
            Assert.Equal(expectedText, result.ToString());
            Assert.Contains("20.45 USD", result.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = saved;
        }
    }

    [Fact]
    public void LocalDate_OnSantiagoDaylightSavingStart_WhenLocalMidnightDoesNotExist()
    {
        // Chile springs forward at local midnight on Sunday 2026-09-06: 00:00-00:59 does not exist.
        var santiago = DateTimeZoneProviders.Tzdb["America/Santiago"];
        var program = new LoyaltyProgramBuilder("cl", "USD", santiago)
            .AddEarnRate("base", 1m)
            .AddMultiplier("sunday", 2m, new Condition { From = new LocalDate(2026, 9, 6), To = new LocalDate(2026, 9, 6) })
            .Build();

        Assert.Equal(10, program.Points(Purchase(Instant.FromUtc(2026, 9, 6, 3, 59), "store", Line(10m)))); // Saturday 23:59 (UTC-4)
        Assert.Equal(20, program.Points(Purchase(Instant.FromUtc(2026, 9, 6, 4, 0), "store", Line(10m)))); // Sunday 01:00 (UTC-3)
        Assert.Equal(20, program.Points(Purchase(Instant.FromUtc(2026, 9, 7, 2, 59), "store", Line(10m)))); // Sunday 23:59
        Assert.Equal(10, program.Points(Purchase(Instant.FromUtc(2026, 9, 7, 3, 0), "store", Line(10m)))); // Monday 00:00
    }

    [Theory]
    [InlineData(1960, 6, 14)] // before the precomputed table
    [InlineData(2150, 6, 14)] // after it
    [InlineData(2026, 6, 16)] // inside it
    public void LocalDayOfWeek_InsideAndOutsideTheZoneTable_FollowsNodaTime(int year, int month, int day)
    {
        var program = new LoyaltyProgramBuilder("ny", "USD", NewYork)
            .AddEarnRate("base", 1m)
            .AddMultiplier("x2", 2m, new Condition { DaysOfWeek = [new LocalDate(year, month, day).DayOfWeek] })
            .Build();
        var lateEvening = new LocalDateTime(year, month, day, 23, 30).InZoneLeniently(NewYork).ToInstant();
        var nextMorning = new LocalDateTime(year, month, day, 0, 30).PlusDays(1).InZoneLeniently(NewYork).ToInstant();

        Assert.Equal(20, program.Points(Purchase(lateEvening, "store", Line(10m))));
        Assert.Equal(10, program.Points(Purchase(nextMorning, "store", Line(10m))));
    }

    [Fact]
    public void Evaluate_PointsBeyondInt64_ThrowsOverflowNamingTheTransaction()
    {
        var program = Program().AddEarnRate("base", 10_000m).Build(); // the highest rate a program may have
        var huge = Purchase(new TransactionLine("GOLD-BAR", "bullion", 1m, 1_000_000_000_000_000m));
        var error = Assert.Throws<OverflowException>(() => program.Evaluator.EvaluateTotal(huge, Member()));
        Assert.StartsWith("transaction 'T1': the points of program 'test' overflow", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TransactionLine_AmountBeyondDecimal_ThrowsOverflowNamingTheFields()
    {
        var error = Assert.Throws<OverflowException>(() => new TransactionLine("SKU", "x", 1_000_000m, decimal.MaxValue / 10m));
        Assert.StartsWith("quantity x unitPrice:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluator_IsSharedSafelyAcrossThreads()
    {
        var program = CoffeeProgram.Build();
        var member = new MemberContext("M1", "Gold");
        long expected = program.Evaluator.Evaluate(GoldTuesday, member).Total.Value;
        var totals = Enumerable.Range(0, 2_000).AsParallel().Select(_ => program.Evaluator.Evaluate(GoldTuesday, member).Items.Sum(i => i.Points)).ToArray();
        Assert.All(totals, t => Assert.Equal(expected, t));
    }
}
