using System.Linq;
using NodaTime;
using Xunit;
using static Loyalty.Rules.Tests.TestData;

namespace Loyalty.Rules.Tests;

public class CampaignTests
{
    private static LoyaltyProgram DoubleTuesday() => Program()
        .AddEarnRate("base", 2m)
        .AddMultiplier("double-tuesday", 2m, new Condition { DaysOfWeek = [IsoDayOfWeek.Tuesday] })
        .Build();

    [Fact]
    public void Multiplier_DoubleTuesday_IsDecidedInProgramZone()
    {
        // 2026-03-11 03:30 UTC is a Wednesday in UTC but Tuesday 23:30 in New York (UTC-4 after 8 March).
        var lateTuesdayInNewYork = Instant.FromUtc(2026, 3, 11, 3, 30);
        var result = DoubleTuesday().Evaluate(Purchase(lateTuesdayInNewYork, "store", Line(10m)));

        Assert.Equal(40, result.Total.Value);
        var doubled = result.Items.Single(i => i.RuleId == "double-tuesday");
        Assert.Equal((AccrualItemKind.Multiplier, 20m, 2m), (doubled.Kind, doubled.Points, doubled.Factor));
    }

    [Fact]
    public void Multiplier_JustAfterLocalMidnight_IsWednesday()
    {
        var wednesdayInNewYork = Instant.FromUtc(2026, 3, 11, 4, 0);
        Assert.Equal(20, DoubleTuesday().Points(Purchase(wednesdayInNewYork, "store", Line(10m))));
    }

    [Fact]
    public void Multiplier_InWinter_UsesStandardOffset()
    {
        // 2026-01-07 04:59 UTC is Tuesday 23:59 in New York (UTC-5); 05:00 UTC is Wednesday.
        Assert.Equal(40, DoubleTuesday().Points(Purchase(Instant.FromUtc(2026, 1, 7, 4, 59), "store", Line(10m))));
        Assert.Equal(20, DoubleTuesday().Points(Purchase(Instant.FromUtc(2026, 1, 7, 5, 0), "store", Line(10m))));
    }

    [Fact]
    public void Condition_DateWindow_IsInclusiveLocalDates()
    {
        var program = Program()
            .AddEarnRate("base", 1m)
            .AddMultiplier("black-friday", 3m, new Condition { From = new LocalDate(2026, 11, 27), To = new LocalDate(2026, 11, 30) })
            .Build();
        Instant Local(int month, int day, int hour, int minute) => new LocalDateTime(2026, month, day, hour, minute).InZoneLeniently(NewYork).ToInstant();

        Assert.Equal(10, program.Points(Purchase(Local(11, 26, 23, 59), "store", Line(10m))));
        Assert.Equal(30, program.Points(Purchase(Local(11, 27, 0, 0), "store", Line(10m))));
        Assert.Equal(30, program.Points(Purchase(Local(11, 30, 23, 59), "store", Line(10m))));
        Assert.Equal(10, program.Points(Purchase(Local(12, 1, 0, 0), "store", Line(10m))));
    }

    [Fact]
    public void Condition_Channel_Segment_Tier_Store_AllMustHold()
    {
        var program = Program("Green", "Gold")
            .AddEarnRate("base", 1m)
            .AddMultiplier("vip-gold-app", 2m, new Condition { Channels = ["app"], Segments = ["vip", "staff"], Tiers = ["Gold"], Stores = ["NYC-1"] })
            .Build();
        Transaction At(string channel, string? store) => new("T1", "M1", AMonday, "USD", channel, [Line(10m)], storeId: store);

        Assert.Equal(20, program.Points(At("app", "NYC-1"), Member("Gold", segments: ["staff"])));
        Assert.Equal(10, program.Points(At("web", "NYC-1"), Member("Gold", segments: ["staff"])));
        Assert.Equal(10, program.Points(At("app", "NYC-1"), Member("Green", segments: ["staff"])));
        Assert.Equal(10, program.Points(At("app", "NYC-1"), Member(null, segments: ["vip"])));
        Assert.Equal(10, program.Points(At("app", "NYC-1"), Member("Gold", segments: ["VIP"])));
        Assert.Equal(10, program.Points(At("app", null), Member("Gold", segments: ["vip"])));
    }

    [Fact]
    public void Multiplier_CategoryScope_MultipliesOnlyThoseLines()
    {
        var program = Program()
            .AddEarnRate("base", 1m)
            .AddPolicy(new Multiplier { Id = "triple-merch", Factor = 3m, Categories = ["merch"] })
            .Build();

        Assert.Equal(10 + 30, program.Points(Purchase(Line(10m), Line(10m, "merch"))));
    }

    [Fact]
    public void Multipliers_Multiply()
    {
        // x1.5 and x1.1 give x1.65.
        var program = Program()
            .AddEarnRate("base", 1m)
            .AddMultiplier("a", 1.5m, null)
            .AddMultiplier("b", 1.1m, null)
            .Build();
        Assert.Equal(165, program.Points(Purchase(Line(100m))));
    }

    [Fact]
    public void PercentageBonuses_Add()
    {
        // +10% and +25% give +35% of the rate-earned points.
        var program = Program()
            .AddEarnRate("base", 1m)
            .AddPercentageBonus("ten", 10m, null)
            .AddPercentageBonus("quarter", 25m, null)
            .Build();
        Assert.Equal(135, program.Points(Purchase(Line(100m))));
    }

    [Fact]
    public void PercentageBonus_OrderAgainstMultiplier_IsData()
    {
        var percentAfter = Program().AddEarnRate("base", 1m).AddMultiplier("x2", 2m, null).AddPercentageBonus("ten", 10m, null).Build();
        var percentBefore = Program().AddEarnRate("base", 1m).AddPercentageBonus("ten", 10m, null).AddMultiplier("x2", 2m, null).Build();

        Assert.Equal(210, percentAfter.Points(Purchase(Line(100m))));
        Assert.Equal(220, percentBefore.Points(Purchase(Line(100m))));
    }

    [Fact]
    public void Multiplier_BeforeRate_DoesNotMultiplyLaterRates()
    {
        var program = Program().AddEarnRate("first", 1m).AddMultiplier("x2", 2m, null).AddEarnRate("second", 1m).Build();
        Assert.Equal(20 + 10, program.Points(Purchase(Line(10m))));
    }
}
