
namespace Loyalty.Rules.Accrual;

/// <summary>A surprise bonus: won when the transaction's seeded draw falls below the odds.</summary>
internal sealed class SurpriseStep(SurpriseBonus policy, CompileContext context) : Step(policy, context)
{
    private readonly decimal points = policy.Points.Value;
    private readonly double odds = (double)policy.Odds;

    public override bool Apply(in EvaluationFacts o, ref Basket b, ref ItemSink sink)
    {
        if (o.DrawSeed is not { } seed || !Holds(o))
        {
            return false;
        }

        double drawn = policy.Draw(seed);
        if (drawn >= odds)
        {
            return false;
        }

        b.Fixed += points;
        if (sink.IsOn)
        {
            sink.Add(Id, AccrualItemKind.Bonus, points, null, Explain(policy, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"+{policy.Points} surprise {policy.Label}: drew {drawn:0.0000} under odds {policy.Odds} (seed {seed})")));
        }

        return true;
    }
}
