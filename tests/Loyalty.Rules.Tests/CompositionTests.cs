using System.Linq;
using Xunit;
using static Loyalty.Rules.Tests.TestData;

namespace Loyalty.Rules.Tests;

public class CompositionTests
{
    [Fact]
    public void Sum_EveryMemberThatActs_Contributes()
    {
        var program = Program()
            .AddGroup("bonuses", Composition.Sum, g => g
                .AddFixedBonus("a", new Points(10), null)
                .AddFixedBonus("b", new Points(5), null)
                .AddFixedBonus("c", new Points(1), new Condition { Channels = ["app"] }))
            .Build();

        var result = program.Evaluate(Purchase(Line(10m)));
        Assert.Equal(15, result.Total.Value);
        Assert.Equal(["a", "b"], result.Items.Select(i => i.RuleId));
    }

    [Theory]
    [InlineData(20, 50, "flat-30")] // rate 20; x2 would add 20, flat adds 30
    [InlineData(40, 80, "double")] // rate 40; x2 adds 40, flat adds 30
    public void BestOf_KeepsTheMemberThatAddsMost(decimal amount, long expected, string winner)
    {
        var program = Program()
            .AddEarnRate("base", 1m)
            .AddBestOf("offer", g => g
                .AddFixedBonus("flat-30", new Points(30), null)
                .AddMultiplier("double", 2m, null))
            .Build();

        var result = program.Evaluate(Purchase(Line(amount)));
        Assert.Equal(expected, result.Total.Value);
        Assert.Equal(["base", winner], result.Items.Select(i => i.RuleId));
    }

    [Fact]
    public void BestOf_Tie_GoesToTheFirstListed()
    {
        var program = Program()
            .AddBestOf("offer", g => g.AddFixedBonus("first", new Points(30), null).AddFixedBonus("second", new Points(30), null))
            .Build();
        Assert.Equal(["first"], program.Evaluate(Purchase(Line(1m))).Items.Select(i => i.RuleId));
    }

    [Theory]
    [InlineData("app", "vip", "vip-20", 20)]
    [InlineData("app", "regular", "app-10", 10)]
    [InlineData("store", "regular", "always-5", 5)]
    public void FirstMatch_HighestPriorityThatHolds_Wins(string channel, string segment, string winner, long expected)
    {
        var program = Program()
            .AddFirstMatch("exclusive", g => g
                .AddPolicy(new FixedBonus { Id = "app-10", Points = new Points(10), Priority = 1, When = new Condition { Channels = ["app"] } })
                .AddPolicy(new FixedBonus { Id = "vip-20", Points = new Points(20), Priority = 5, When = new Condition { Segments = ["vip"] } })
                .AddPolicy(new FixedBonus { Id = "always-5", Points = new Points(5) }))
            .Build();

        var result = program.Evaluate(Purchase(AMonday, channel, Line(1m)), Member(segments: [segment]));
        Assert.Equal(expected, result.Total.Value);
        Assert.Equal([winner], result.Items.Select(i => i.RuleId));
    }

    [Fact]
    public void FirstMatch_EqualPriorities_KeepListOrder()
    {
        var program = Program()
            .AddFirstMatch("exclusive", g => g.AddFixedBonus("b", new Points(2), null).AddFixedBonus("a", new Points(1), null))
            .Build();
        Assert.Equal(2, program.Points(Purchase(Line(1m))));
    }

    [Fact]
    public void Group_Condition_GatesAllMembers()
    {
        var program = Program()
            .AddEarnRate("base", 1m)
            .AddGroup("app-only", Composition.Sum, g => g.AddMultiplier("x2", 2m, null).AddFixedBonus("plus", new Points(5), null), new Condition { Channels = ["app"] })
            .Build();
        Assert.Equal(25, program.Points(Purchase(AMonday, "app", Line(10m))));
        Assert.Equal(10, program.Points(Purchase(AMonday, "store", Line(10m))));
    }

    [Fact]
    public void Groups_Nest()
    {
        // best of (x3) and (sum of x2 and +15): on 10 points, x3 adds 20, the sum adds 10 + 15 = 25.
        var program = Program()
            .AddEarnRate("base", 1m)
            .AddBestOf("best", g => g
                .AddMultiplier("x3", 3m, null)
                .AddGroup("combo", Composition.Sum, c => c.AddMultiplier("x2", 2m, null).AddFixedBonus("plus-15", new Points(15), null)))
            .Build();

        var result = program.Evaluate(Purchase(Line(10m)));
        Assert.Equal(35, result.Total.Value);
        Assert.Equal(["base", "x2", "plus-15"], result.Items.Select(i => i.RuleId));
    }
}
