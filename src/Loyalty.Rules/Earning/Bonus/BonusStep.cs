
namespace Loyalty.Rules.Accrual;

/// <summary>On which purchases a <see cref="BonusStep"/> pays.</summary>
internal enum BonusOccasion
{
    /// <summary>Every purchase its condition holds for.</summary>
    Always,

    /// <summary>The member's first purchase.</summary>
    FirstPurchase,

    /// <summary>A dormant member's first purchase back.</summary>
    Reactivation,
}

/// <summary>A fixed bonus: always (when its condition holds), on a first purchase, or on a comeback purchase.</summary>
internal sealed class BonusStep(EarnPolicy policy, Points points, BonusOccasion occasion, string reason, CompileContext context)
    : Step(policy, context)
{
    private readonly decimal points = points.Value;
    private readonly string reason = Explain(policy, reason);

    /// <summary>Whether it pays on this occasion (the integer plan asks too).</summary>
    public bool Pays(in EvaluationFacts o) => occasion switch
    {
        BonusOccasion.FirstPurchase => o.IsFirstPurchase,
        BonusOccasion.Reactivation => o.Member?.IsReactivation == true,
        _ => true,
    } && Holds(o);

    public override bool Apply(in EvaluationFacts o, ref Basket b, ref ItemSink sink)
    {
        if (!Pays(o))
        {
            return false;
        }

        b.Fixed += points;
        sink.Add(Id, AccrualItemKind.Bonus, points, null, reason);
        return true;
    }

    public override IntegerOp? IntegerOp(int tiers) => new BonusOp(this, decimal.ToInt64(points));
}

/// <summary>A fixed bonus in integers: its points when it pays on this occasion.</summary>
internal sealed class BonusOp(BonusStep step, long points) : IntegerOp
{
    public override bool Run(in EvaluationFacts o, in Basket b, long eligibleE4, ref IntegerSum sum)
    {
        if (step.Pays(o))
        {
            sum.Bonuses = checked(sum.Bonuses + points);
        }

        return true;
    }
}
