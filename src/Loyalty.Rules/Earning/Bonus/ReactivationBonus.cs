using Loyalty.Rules.Accrual;

namespace Loyalty.Rules;

/// <summary>
/// A reactivation bonus: fixed points on a dormant member's first purchase back (the processor knows it from the
/// account: no purchase for <see cref="LifecyclePolicy.DormantAfterDays"/>; the evaluator alone reads
/// <see cref="MemberContext.IsReactivation"/>). Never multiplied.
/// </summary>
public sealed record ReactivationBonus : EarnPolicy
{
    /// <summary>The points.</summary>
    public required Points Points { get; init; }

    internal override EarnPolicy Freeze() => this with { When = FrozenWhen };

    internal override void Validate(ProgramCheck check, string path)
    {
        base.Validate(check, path);
        check.Award(path + ".points", Points);
    }

    internal override Step Compile(CompileContext context)
        => new BonusStep(this, Points, BonusOccasion.Reactivation, $"+{Points} {Label}: welcome back", context);
}
