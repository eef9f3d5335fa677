namespace Loyalty.Rules.Accrual;

/// <summary>
/// A cap: not a pipeline step, it acts on the rounded total after the pipeline (the evaluator calls
/// <see cref="Cap"/>), so caps stand at the end of a program and never in a group.
/// </summary>
internal abstract class CapStep(EarnPolicy policy, CompileContext context) : Step(policy, context)
{
    public sealed override bool Apply(in EvaluationFacts o, ref Basket b, ref ItemSink sink) => false;

    /// <summary>How many more points the cap lets through after <paramref name="total"/> (long.MaxValue when it does not hold).</summary>
    public long Room(in EvaluationFacts o, long total)
    {
        long limit = Limit(o);
        return limit == long.MaxValue ? long.MaxValue : System.Math.Max(0, limit - total);
    }

    /// <summary>Lowers <paramref name="total"/> to the cap's limit when above it; true when it did.</summary>
    public bool Cap(in EvaluationFacts o, ref long total, ref ItemSink sink)
    {
        long limit = Limit(o);
        if (total <= limit)
        {
            return false;
        }

        sink.Add(Id, AccrualItemKind.Cap, limit - total, null, sink.IsOn ? Reason(o, limit) : "");
        total = limit;
        return true;
    }

    /// <summary>The most points this occasion may earn in all (long.MaxValue when the cap does not hold).</summary>
    protected abstract long Limit(in EvaluationFacts o);

    /// <summary>Why the total was lowered to <paramref name="limit"/>.</summary>
    protected abstract string Reason(in EvaluationFacts o, long limit);
}
