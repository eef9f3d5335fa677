using System;
using System.Collections.Generic;
using System.Linq;

namespace Loyalty.Rules.Accrual;

/// <summary>A bonus for eligible spend at or above a threshold.</summary>
internal sealed class ThresholdStep(SpendThresholdBonus policy, CompileContext context) : Step(policy, context)
{
    private readonly decimal minimum = policy.MinimumSpend;
    private readonly decimal points = policy.Points.Value;
    private readonly string reason = Explain(policy, $"+{policy.Points} for spend >= {new Money(policy.MinimumSpend, context.Currency)}");

    public decimal Minimum => minimum;

    public long Points => policy.Points.Value;

    public override bool Apply(in Occasion o, ref Basket b, ref ItemSink sink)
    {
        if (b.EligibleSpend < minimum || !Holds(o))
        {
            return false;
        }

        b.Fixed += points;
        sink.Add(Id, AccrualItemKind.Bonus, points, null, reason);
        return true;
    }
}
