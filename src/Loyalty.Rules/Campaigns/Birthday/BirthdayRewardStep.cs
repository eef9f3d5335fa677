using System;

namespace Loyalty.Rules.Accrual;

/// <summary>A birthday reward: a factor on every purchase in the window, or points once per birthday year.</summary>
internal sealed class BirthdayStep(BirthdayReward policy, CompileContext context) : Step(policy, context)
{
    public override bool Apply(in EvaluationFacts o, ref Basket b, ref ItemSink sink)
    {
        if (o.Member?.Birthday is not { } birthday || !Holds(o)
            || policy.Occurrence(birthday, NodaTime.LocalDate.FromDateOnly(DateOnly.FromDayNumber(o.DayNumber))) is not { } year)
        {
            return false;
        }

        if (policy.Factor is { } factor)
        {
            MultiplierStep.ScaleAll(ref b, ref sink, factor, Id, sink.IsOn ? Explain(policy, policy.Reason(year)) : "");
            return true;
        }

        if (o.Member.State.Get(BirthdayRewardState.PaidYear) == year)
        {
            return false; // paid already this birthday year
        }

        b.Fixed += policy.Points.Value;
        sink.Add(Id, AccrualItemKind.Bonus, policy.Points.Value, null, sink.IsOn ? Explain(policy, policy.Reason(year)) : "");
        return true;
    }
}
