namespace Loyalty.Rules.Accrual;

/// <summary>A per-transaction cap on the rounded total.</summary>
internal sealed class TransactionCapStep(TransactionCap cap, CompileContext context) : CapStep(cap, context)
{
    private readonly long max = cap.MaxPoints.Value;
    private readonly string reason = Explain(cap, $"capped at {cap.MaxPoints} per transaction");

    protected override long Limit(in EvaluationFacts o) => Holds(o) ? max : long.MaxValue;

    protected override string Reason(in EvaluationFacts o, long limit) => reason;
}
