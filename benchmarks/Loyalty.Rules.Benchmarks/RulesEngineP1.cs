using System;
using System.Collections.Generic;
using System.Linq;
using Loyalty.Rules.Reference;
using NodaTime;
using RulesEngine.Models;

namespace Loyalty.Rules.Benchmarks;

/// <summary>A W1 line as the peer's rules read it.</summary>
public sealed record PeerLine(string Category, decimal Amount);

/// <summary>A W1 transaction as the peer's rules read it; the host supplies the local day of the week (1 = Monday).</summary>
public sealed record PeerInput(List<PeerLine> Lines, string Tier, string Channel, int LocalDayOfWeek);

/// <summary>
/// The peer: P1 in Microsoft RulesEngine as its documentation suggests: workflow parameters for the shared figures,
/// one rule per P1 component (rate, tier factor, Tuesday, threshold, channel bonus) with an output expression, and a
/// final rule that combines them. All point arithmetic is in the rules' expressions; the host converts W1 (lines,
/// and the local day of the week, which is time-zone work, not point arithmetic) before timing.
/// </summary>
public sealed class RulesEngineP1
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    private readonly RulesEngine.RulesEngine engine;

    public RulesEngineP1()
    {
        static Rule Output(string name, string expression, string output) => new()
        {
            RuleName = name,
            Expression = expression,
            Actions = new RuleActions
            {
                OnSuccess = new ActionInfo { Name = "OutputExpression", Context = new Dictionary<string, object> { ["expression"] = output } },
            },
        };

        var workflow = new Workflow
        {
            WorkflowName = "P1",
            GlobalParams =
            [
                new ScopedParam { Name = "eligible", Expression = "input1.Lines.Where(l => l.Category != \"gift-card\")" },
                new ScopedParam { Name = "rated", Expression = "eligible.Sum(l => l.Amount * (l.Category == \"merch\" ? 3.0m : 2.0m))" },
                new ScopedParam { Name = "spend", Expression = "eligible.Sum(l => l.Amount)" },
                new ScopedParam { Name = "tierFactor", Expression = "input1.Tier == \"Gold\" ? 1.5m : (input1.Tier == \"Silver\" ? 1.2m : 1.0m)" },
                new ScopedParam { Name = "tuesdayFactor", Expression = "input1.LocalDayOfWeek == 2 ? 2.0m : 1.0m" },
                new ScopedParam { Name = "thresholdBonus", Expression = "spend >= 35.00m ? 50.0m : 0.0m" },
                new ScopedParam { Name = "channelBonus", Expression = "input1.Channel == \"app\" ? 10.0m : 0.0m" },
            ],
            Rules =
            [
                Output("Rate", "true", "rated"),
                Output("TierFactor", "true", "tierFactor"),
                Output("DoubleTuesday", "input1.LocalDayOfWeek == 2", "tuesdayFactor"),
                Output("Threshold", "spend >= 35.00m", "thresholdBonus"),
                Output("ChannelBonus", "input1.Channel == \"app\"", "channelBonus"),
                Output("Total", "true", "Math.Min(2000.0m, Math.Floor(rated * tierFactor * tuesdayFactor + thresholdBonus + channelBonus))"),
            ],
        };
        engine = new RulesEngine.RulesEngine([workflow], new ReSettings());
    }

    public static PeerInput Convert(W1Transaction t)
        => new([.. t.Lines.Select(l => new PeerLine(l.Category, l.Amount))], t.Tier, t.Channel,
            (int)Instant.FromDateTimeOffset(t.OccurredAtUtc).InZone(NewYork).DayOfWeek);

    public long Points(PeerInput input)
    {
        var results = engine.ExecuteAllRulesAsync("P1", input).GetAwaiter().GetResult();
        var total = results.Single(r => r.Rule.RuleName == "Total");
        if (!total.IsSuccess || total.ActionResult?.Exception is not null)
        {
            throw new InvalidOperationException($"RulesEngine P1 failed: {total.ExceptionMessage} {total.ActionResult?.Exception?.Message}");
        }

        return System.Convert.ToInt64(total.ActionResult!.Output, System.Globalization.CultureInfo.InvariantCulture);
    }
}
