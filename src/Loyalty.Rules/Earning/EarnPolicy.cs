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

    private protected Condition? FrozenWhen => When?.Freeze();
}
