using Loyalty.Rules.Accrual;

namespace Loyalty.Rules;

/// <summary>
/// A campaign multiplier: multiplies the rate-earned points accumulated so far (e.g. x2 on Tuesdays), on every
/// line or only on lines of the listed categories or skus. Multipliers multiply each other
/// (x1.5 and x1.1 give x1.65); fixed bonuses are never multiplied.
/// </summary>
public sealed record Multiplier : LineScopedPolicy
{
    /// <summary>The factor; not negative (1 changes nothing, 2 doubles).</summary>
    public required decimal Factor { get; init; }

    internal override EarnPolicy Freeze() => FreezeScope();

    internal override void Validate(ProgramCheck check, string path)
    {
        base.Validate(check, path);
        check.Factor(path + ".factor", Factor);
    }

    internal override bool ScalesSomeComponents => Categories.Count > 0 || Skus.Count > 0;

    internal override decimal StackFactor => Factor;

    internal override Step Compile(CompileContext context)
        => new MultiplierStep(this, Factor, null, LineScope.Of(Categories, Skus, context), context);
}
