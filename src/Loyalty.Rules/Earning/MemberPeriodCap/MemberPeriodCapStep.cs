using System;
using System.Globalization;
using NodaTime;

namespace Loyalty.Rules.Accrual;

/// <summary>A per-member period cap: the room left in the purchase's period, from the member's tallies.</summary>
internal sealed class MemberPeriodCapStep(MemberPeriodCap cap, CompileContext context) : CapStep(cap, context)
{
    private readonly long max = cap.MaxPoints.Value;
    private readonly string period = ProgramJson.Name(cap.Period);

    protected override long Limit(in EvaluationFacts o)
    {
        if (o.Member?.State.Get(MemberPeriodCapState.Tallies) is not { } tallies)
        {
            return max;
        }

        var start = Start(o);
        return tallies.Forgets(ExpiryPolicy.PeriodStart(cap.Period, start, 1)) ? 0 : Math.Max(0, max - tallies.PointsOf(Id, start));
    }

    protected override string Reason(in EvaluationFacts o, long limit)
    {
        var start = Start(o);
        return o.Member is { } member && member.State.Get(MemberPeriodCapState.Tallies).Forgets(ExpiryPolicy.PeriodStart(cap.Period, start, 1))
            ? string.Create(CultureInfo.InvariantCulture, $"capped at 0: the account no longer remembers what the {period} from {start:uuuu-MM-dd} earned (older than its retention window)")
            : string.Create(CultureInfo.InvariantCulture, $"capped at {max} per member per {period}: {max - limit} earned already in the {period} from {start:uuuu-MM-dd}");
    }

    private LocalDate Start(in EvaluationFacts o) => ExpiryPolicy.PeriodStart(cap.Period, LocalDate.FromDateOnly(DateOnly.FromDayNumber(o.DayNumber)));
}
