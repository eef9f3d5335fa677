using Loyalty.Rules.Accrual;

namespace Loyalty.Rules;

/// <summary>A fixed bonus when its condition holds, e.g. +10 on the "app" channel. Never multiplied.</summary>
public sealed record FixedBonus : EarnPolicy
{
    /// <summary>The bonus; positive.</summary>
    public required Points Points { get; init; }

    internal override EarnPolicy Freeze() => this with { When = FrozenWhen };

    internal override void Validate(ProgramCheck check, string path)
    {
        base.Validate(check, path);
        check.Award(path + ".points", Points);
    }

    internal override Step Compile(CompileContext context) => new BonusStep(this, Points, BonusOccasion.Always, $"+{Points} {Label}", context);
}
