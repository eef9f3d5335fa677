
namespace Loyalty.Rules.Accrual;

/// <summary>
/// The compiled, executable form of one <see cref="EarnPolicy"/>. <see cref="Apply"/> acts only when the step's
/// condition holds; it returns whether it acted, and writes its item to the sink when the sink is on.
/// </summary>
internal abstract class Step(EarnPolicy policy, CompileContext context)
{
    private readonly CompiledCondition? when = CompiledCondition.Create(policy.When, context);

    public string Id { get; } = policy.Id;

    public int Priority { get; } = policy.Priority;

    protected string Label { get; } = policy.Label;

    /// <summary>A reason for explanations: the step's own words, then its condition, e.g. "+10 app-bonus (channel app)".</summary>
    protected static string Explain(EarnPolicy policy, string reason)
        => policy.When?.Describe() is { Length: > 0 } condition ? $"{reason} ({condition})" : reason;

    public bool Holds(in EvaluationFacts o) => when is null || when.Matches(o);

    public abstract bool Apply(in EvaluationFacts o, ref Basket b, ref ItemSink sink);

    /// <summary>The step in integer form for the total path (<see cref="IntegerPlan"/>), or null when it has none.</summary>
    /// <param name="tiers">How many tiers the program declares.</param>
    public virtual IntegerOp? IntegerOp(int tiers) => null;
}
