using System.Collections.Generic;
using System.Collections.Immutable;
using Loyalty.Rules.Accrual;

namespace Loyalty.Rules;

/// <summary>
/// An additive percentage: adds a percentage of the rate-earned points (before any modifier), e.g. +10%.
/// Unlike multipliers, percentages add: +10% and +25% give +35% of the rate-earned points. Multipliers listed
/// after it multiply what it added; those listed before do not.
/// </summary>
public sealed record PercentageBonus : EarnPolicy
{
    /// <summary>The percentage, e.g. 10 for +10%; not negative.</summary>
    public required decimal Percent { get; init; }

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
        check.NotNegative(path + ".percent", Percent);
        check.Names(path + ".categories", Categories);
        check.Names(path + ".skus", Skus);
    }

    internal override Step Compile(CompileContext context) => new PercentageStep(this, context);
}
