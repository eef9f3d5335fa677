
namespace Loyalty.Rules.Accrual;

/// <summary>An additive percentage of the rate-earned points.</summary>
internal sealed class PercentageStep(PercentageBonus policy, CompileContext context) : Step(policy, context)
{
    private readonly decimal fraction = policy.Percent / 100m;
    private readonly LineScope scope = LineScope.Of(policy.Categories, policy.Skus, context);
    private readonly string reason = Explain(policy, $"+{EarnRate.Number(policy.Percent)}% {policy.Label}");

    public override bool Apply(in EvaluationFacts o, ref Basket b, ref ItemSink sink)
    {
        if (!Holds(o))
        {
            return false;
        }

        b.Materialize();
        decimal added = 0m;
        for (int i = 0; i < b.Count; i++)
        {
            if (scope.Includes(b, i))
            {
                decimal extra = b.Rated[i] * fraction;
                b.Value[i] += extra;
                added += extra;
            }
        }

        b.Sum += added;
        sink.Add(Id, AccrualItemKind.Percentage, added, null, reason);
        return true;
    }
}
