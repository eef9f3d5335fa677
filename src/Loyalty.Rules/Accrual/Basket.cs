using System;

namespace Loyalty.Rules.Accrual;

/// <summary>
/// The working state of one evaluation, on the stack. Components are the lines, then tax, then shipping.
/// <see cref="Base"/> is what each component earns on; <see cref="Rated"/> the points rates gave it;
/// <see cref="Value"/> those points after modifiers, except that multipliers on every component are kept as
/// one pending <see cref="Scale"/> until a step needs the per-component values (<see cref="Materialize"/>).
/// The exact value of component i is <c>Value[i] * Scale</c>; <see cref="Sum"/> is the sum of <see cref="Value"/>.
/// <see cref="Fixed"/> holds the bonuses, never multiplied.
/// </summary>
internal ref struct Basket
{
    /// <summary>Marks a line the earning base excludes, in <see cref="Categories"/>: it earns nothing.</summary>
    public const int Excluded = int.MinValue;

    /// <summary>Per line, the index of its category among those the program names, -1 for another, or <see cref="Excluded"/>.</summary>
    public Span<int> Categories;

    /// <summary>Per line, the index of its sku among those the program names, or -1.</summary>
    public Span<int> Skus;
    public Span<decimal> Base;

    /// <summary>When <see cref="IntegerBase"/>, <see cref="Base"/> again in ten-thousandths, exactly.</summary>
    public Span<long> BaseE4;

    /// <summary>Whether <see cref="BaseE4"/> holds the base (no prorated amounts, every amount exact in ten-thousandths).</summary>
    public bool IntegerBase;
    public Span<decimal> Rated;
    public Span<decimal> Value;
    public decimal Sum;
    public decimal Scale;
    public decimal Fixed;
    public decimal EligibleSpend;

    /// <summary>Per budgeted offer (by its compile index), the points it claims pending the host's decision; empty when the program has none.</summary>
    public Span<long> Claims;

    /// <summary>Tier credits from tier-credit rules (exact; floored once at the end).</summary>
    public decimal TierCredits;

    /// <summary>Whether some step reads <see cref="Rated"/> (decided when the program compiles).</summary>
    public bool TrackRated;

    /// <summary>Whether some step reads per-component <see cref="Value"/> (decided when the program compiles).</summary>
    public bool TrackValues;

    public readonly int Count => Base.Length;

    public readonly int LineCount => Categories.Length;

    /// <summary>The exact points so far: modified points plus bonuses.</summary>
    public readonly decimal Total() => (Scaled ? Sum * Scale : Sum) + Fixed;

    /// <summary>Whether <see cref="Scale"/> is pending (not 1).</summary>
    public bool Scaled;

    /// <summary>Applies the pending scale to every component, so <see cref="Value"/> holds exact values.</summary>
    public void Materialize()
    {
        if (!Scaled)
        {
            return;
        }

        if (TrackValues)
        {
            for (int i = 0; i < Value.Length; i++)
            {
                Value[i] *= Scale;
            }
        }

        Sum *= Scale;
        Scale = 1m;
        Scaled = false;
    }
}
