using System.Collections.Generic;
using System.Linq;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>
/// One step of a program's earn pipeline: an earn rule, a bonus, a modifier, a cap or a group of them.
/// Steps run in the order the program lists them; that order is data. Only this library defines kinds.
/// </summary>
public abstract record EarnPolicy
{
    private protected EarnPolicy()
    {
    }

    /// <summary>The rule id, unique in the program; it names the rule in every accrual item.</summary>
    public required string Id { get; init; }

    /// <summary>A short label for people (e.g. "Double Tuesday"), shown in explanations; defaults to the id.</summary>
    public string? Description { get; init; }

    /// <summary>When the step acts; null for always.</summary>
    public Condition? When { get; init; }

    /// <summary>
    /// Who funds the points of this step when it is not the program's own brand (a partner id in a coalition); a group's
    /// value applies to its members that set none. Every accrual item of the step carries it. Default null.
    /// </summary>
    public string? FundedBy { get; init; }

    /// <summary>Priority inside a first-match group: higher goes first; equal priorities keep list order. Default 0.</summary>
    public int Priority { get; init; }

    /// <summary>
    /// Marks a rate rule that is meant to pay on the same lines as another rate rule, so the program check
    /// (<see cref="LoyaltyProgram.Lint"/>) does not report the overlap. It changes nothing in evaluation.
    /// </summary>
    public bool Stackable { get; init; }

    /// <summary>A label for explanations: the description, else the id.</summary>
    internal string Label => string.IsNullOrWhiteSpace(Description) ? Id : Description;

    internal abstract EarnPolicy Freeze();

    internal virtual void Validate(ProgramCheck check, string path)
    {
        check.Id(path + ".id", Id);
        if (FundedBy is not null && string.IsNullOrWhiteSpace(FundedBy))
        {
            check.Fail(path + ".fundedBy", "must not be empty when set.");
        }

        When?.Validate(check, path + ".when");
    }

    internal abstract Accrual.Step Compile(Accrual.CompileContext context);

    // What the rest of the library asks of a kind (the evaluator, the program check), so that nothing switches on kinds.

    /// <summary>The policies this one stands for: itself, or a group's members (recursively).</summary>
    internal virtual IEnumerable<EarnPolicy> Leaves() => [this];

    /// <summary>Whether it acts on the rounded total after the pipeline (caps stand at the end and never in a group).</summary>
    internal virtual bool IsCap => false;

    /// <summary>The categories it names (the evaluator indexes them).</summary>
    internal virtual IEnumerable<string> NamedCategories => [];

    /// <summary>The skus it names (the evaluator indexes them).</summary>
    internal virtual IEnumerable<string> NamedSkus => [];

    /// <summary>Whether it reads each component's rate-earned points (the evaluator then keeps them).</summary>
    internal virtual bool ReadsRatedPoints => false;

    /// <summary>Whether it changes some components' points and not others (the evaluator then keeps each component's points).</summary>
    internal virtual bool ScalesSomeComponents => false;

    /// <summary>Whether it awards tier credits.</summary>
    internal virtual bool AwardsTierCredits => false;

    /// <summary>Whether it pays rate points per line (the program check reports two that overlap unless one is stackable).</summary>
    internal virtual bool PaysOnLines => false;

    /// <summary>The most it can multiply points by (the program check's stacked-multiplier ceiling); 1 for a step that does not multiply.</summary>
    internal virtual decimal StackFactor => 1m;

    /// <summary>Whether it can never act again after <paramref name="asOf"/>, beyond its condition's window.</summary>
    internal virtual bool HasEnded(Instant asOf) => false;

    /// <summary>What the program check finds in this kind's own settings, with paths under <paramref name="path"/>.</summary>
    internal virtual IEnumerable<LintFinding> Lint(EarningBase earningBase, Instant asOf, string path) => [];

    /// <summary>Every leaf of <paramref name="policies"/>, in order.</summary>
    internal static IEnumerable<EarnPolicy> LeavesOf(IEnumerable<EarnPolicy> policies) => policies.SelectMany(p => p.Leaves());

    private protected Condition? FrozenWhen => When?.Freeze();
}
