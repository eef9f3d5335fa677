using Loyalty.Rules.Accrual;

namespace Loyalty.Rules;

/// <summary>
/// A fixed bonus when the transaction's eligible spend (its earning base) is at least a threshold, inclusive:
/// "spend 35.00, get 50". The bonus is whole points and is never multiplied.
/// </summary>
public sealed record SpendThresholdBonus : EarnPolicy
{
    /// <summary>The least eligible spend that qualifies (inclusive); not negative.</summary>
    public required decimal MinimumSpend { get; init; }

    /// <summary>The bonus; positive.</summary>
    public required Points Points { get; init; }

    internal override EarnPolicy Freeze() => this with { When = FrozenWhen };

    internal override void Validate(ProgramCheck check, string path)
    {
        base.Validate(check, path);
        check.NotNegative(path + ".minimumSpend", MinimumSpend);
        check.Award(path + ".points", Points);
    }

    internal override Step Compile(CompileContext context) => new ThresholdStep(this, context);
}
