
namespace Loyalty.Rules.Accrual;

/// <summary>The tenure accelerator: a factor for the member's complete years of membership, on every component.</summary>
internal sealed class TenureMultiplierStep(TenureAccelerator policy, CompileContext context) : Step(policy, context)
{
    public override bool Apply(in EvaluationFacts o, ref Basket b, ref ItemSink sink)
    {
        if (o.TenureYears < 0 || policy.FactorFor(o.TenureYears) is not { } factor || !Holds(o))
        {
            return false;
        }

        MultiplierStep.ScaleAll(ref b, ref sink, factor, Id, sink.IsOn ? Explain(policy, policy.Reason(o.TenureYears, factor)) : "");
        return true;
    }
}
