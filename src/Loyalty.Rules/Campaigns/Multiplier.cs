using System.Collections.Generic;
using System.Collections.Immutable;
using Loyalty.Rules.Accrual;

namespace Loyalty.Rules;

/// <summary>
/// A campaign multiplier: multiplies the rate-earned points accumulated so far (e.g. x2 on Tuesdays), on every
/// line or only on lines of the listed categories or skus. Multipliers multiply each other
/// (x1.5 and x1.1 give x1.65); fixed bonuses are never multiplied.
/// </summary>
public sealed record Multiplier : EarnPolicy
{
    /// <summary>The factor; not negative (1 changes nothing, 2 doubles).</summary>
    public required decimal Factor { get; init; }

    /// <summary>Only lines of these categories (or of <see cref="Skus"/>); both empty for every line.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Only lines of these skus (or of <see cref="Categories"/>); both empty for every line.</summary>
    public IReadOnlyList<string> Skus { get; init; } = [];

    internal override EarnPolicy Freeze() => this with
    {
        When = FrozenWhen,
        Categories = (Categories ?? []).ToImmutableArray(),
        Skus = (Skus ?? []).ToImmutableArray(),
    };

    internal override void Validate(ProgramCheck check, string path)
    {
        base.Validate(check, path);
        check.NotNegative(path + ".factor", Factor);
        check.Names(path + ".categories", Categories);
        check.Names(path + ".skus", Skus);
    }

    internal override Step Compile(CompileContext context)
        => new MultiplierStep(this, Factor, null, LineScope.Of(Categories, Skus, context), context);
}
