using Loyalty.Rules.Accrual;

namespace Loyalty.Rules;

/// <summary>
/// At most this many points per transaction. A cap acts on the rounded total, so caps stand at the end of the
/// pipeline (a program that lists a rule after a cap, or a cap inside a group, is invalid). When a cap bites,
/// the result is flagged capped and no fraction is carried.
/// </summary>
public sealed record TransactionCap : EarnPolicy
{
    /// <summary>The most points one transaction can earn; not negative.</summary>
    public required Points MaxPoints { get; init; }

    internal override bool IsCap => true;

    internal override EarnPolicy Freeze() => this with { When = FrozenWhen };

    internal override void Validate(ProgramCheck check, string path)
    {
        base.Validate(check, path);
        check.NotNegative(path + ".maxPoints", MaxPoints.Value);
    }

    internal override Step Compile(CompileContext context) => new TransactionCapStep(this, context);
}
