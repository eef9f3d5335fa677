
namespace Loyalty.Rules.Accrual;

/// <summary>A bonus for eligible spend at or above a threshold.</summary>
internal sealed class ThresholdStep(SpendThresholdBonus policy, CompileContext context) : Step(policy, context)
{
    private readonly decimal minimum = policy.MinimumSpend;
    private readonly decimal points = policy.Points.Value;
    private readonly string reason = Explain(policy, $"+{policy.Points} for spend >= {new Money(policy.MinimumSpend, context.Currency)}");

    public override bool Apply(in EvaluationFacts o, ref Basket b, ref ItemSink sink)
    {
        if (b.EligibleSpend < minimum || !Holds(o))
        {
            return false;
        }

        b.Fixed += points;
        sink.Add(Id, AccrualItemKind.Bonus, points, null, reason);
        return true;
    }

    public override IntegerOp? IntegerOp(int tiers)
        => Currency.TryToTenThousandths(minimum, out long minimumE4) ? new ThresholdOp(this, minimumE4, policy.Points.Value) : null;
}

/// <summary>A spend threshold in integers: its points when the eligible spend in ten-thousandths reaches the minimum.</summary>
internal sealed class ThresholdOp(Step step, long minimumE4, long points) : IntegerOp
{
    public override bool Run(in EvaluationFacts o, in Basket b, long eligibleE4, ref IntegerSum sum)
    {
        if (eligibleE4 >= minimumE4 && step.Holds(o))
        {
            sum.Bonuses = checked(sum.Bonuses + points);
        }

        return true;
    }
}
