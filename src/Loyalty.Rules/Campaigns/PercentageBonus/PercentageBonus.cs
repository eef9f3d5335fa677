using Loyalty.Rules.Accrual;

namespace Loyalty.Rules;

/// <summary>
/// An additive percentage: adds a percentage of the rate-earned points (before any modifier), e.g. +10%.
/// Unlike multipliers, percentages add: +10% and +25% give +35% of the rate-earned points. Multipliers listed
/// after it multiply what it added; those listed before do not.
/// </summary>
public sealed record PercentageBonus : LineScopedPolicy
{
    /// <summary>The percentage, e.g. 10 for +10%; not negative.</summary>
    public required decimal Percent { get; init; }

    internal override EarnPolicy Freeze() => FreezeScope();

    internal override void Validate(ProgramCheck check, string path)
    {
        base.Validate(check, path);
        check.Percent(path + ".percent", Percent);
    }

    internal override Step Compile(CompileContext context) => new PercentageStep(this, context);

    internal override bool ReadsRatedPoints => true;
}
