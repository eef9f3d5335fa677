using System;
using System.Linq;
using Xunit;
using static Loyalty.Rules.Tests.TestData;

namespace Loyalty.Rules.Tests;

public class ActivityTests
{
    private static LoyaltyProgram Program() => TestData.Program()
        .AddActivity(new ActivityRule { Id = "sign-up", Activity = ActivityKind.SignUp, Points = new Points(100) })
        .AddActivity(new ActivityRule { Id = "review", Activity = ActivityKind.Review, Points = new Points(20) })
        .AddActivity(new ActivityRule { Id = "app-review", Activity = ActivityKind.Review, Points = new Points(5), When = new Condition { Channels = ["app"] } })
        .AddActivity(new ActivityRule { Id = "download", Activity = ActivityKind.Custom, CustomName = "app-download", Points = new Points(50) })
        .Build();

    [Fact]
    public void Activity_SignUp_PaysFixedPoints()
    {
        var result = Program().Evaluator.EvaluateActivity(new ActivityEvent("A1", "M1", AMonday, ActivityKind.SignUp), Member());
        Assert.Equal(100, result.Total.Value);
        Assert.Equal(["sign-up"], result.Items.Select(i => i.RuleId));
    }

    [Fact]
    public void Activity_RulesForTheSameActivity_Stack_WhenTheirConditionsHold()
    {
        var evaluator = Program().Evaluator;
        Assert.Equal(25, evaluator.EvaluateActivity(new ActivityEvent("A1", "M1", AMonday, ActivityKind.Review, channel: "app"), Member()).Total.Value);
        Assert.Equal(20, evaluator.EvaluateActivity(new ActivityEvent("A1", "M1", AMonday, ActivityKind.Review, channel: "web"), Member()).Total.Value);
    }

    [Fact]
    public void Activity_Custom_MatchesByName()
    {
        var evaluator = Program().Evaluator;
        Assert.Equal(50, evaluator.EvaluateActivity(new ActivityEvent("A1", "M1", AMonday, ActivityKind.Custom, "app-download"), Member()).Total.Value);
        Assert.Equal(0, evaluator.EvaluateActivity(new ActivityEvent("A1", "M1", AMonday, ActivityKind.Custom, "App-Download"), Member()).Total.Value);
        Assert.Equal(0, evaluator.EvaluateActivity(new ActivityEvent("A1", "M1", AMonday, ActivityKind.CheckIn), Member()).Total.Value);
    }

    [Fact]
    public void ActivityEvent_CustomWithoutName_IsRejected()
    {
        var error = Assert.ThrowsAny<ArgumentNullException>(() => new ActivityEvent("A1", "M1", AMonday, ActivityKind.Custom));
        Assert.Equal("customName", error.ParamName);
    }

    [Fact]
    public void ActivityRule_CustomWithoutName_IsInvalid()
    {
        var builder = TestData.Program().AddActivity(new ActivityRule { Id = "x", Activity = ActivityKind.Custom, Points = new Points(1) });
        var error = Assert.Throws<ProgramValidationException>(() => builder.Build());
        Assert.Equal(["activities[0] (id 'x').customName: is required for a custom activity."], error.Problems.Select(p => p.ToString()));
    }
}
