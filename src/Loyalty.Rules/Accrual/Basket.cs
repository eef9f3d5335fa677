using System;
using System.Collections.Immutable;

namespace Loyalty.Rules.Accrual;

/// <summary>
/// The working state of one evaluation, on the stack. Components are the lines, then tax, then shipping.
/// <see cref="Base"/> is what each component earns on; <see cref="Rated"/> the points rates gave it;
/// <see cref="Value"/> those points after modifiers; <see cref="Fixed"/> the bonuses, never multiplied.
/// </summary>
internal ref struct Basket
{
    public ImmutableArray<TransactionLine> Lines;
    public Span<decimal> Base;
    public Span<decimal> Rated;
    public Span<decimal> Value;
    public decimal Fixed;
    public decimal EligibleSpend;

    public readonly int Count => Base.Length;

    public readonly int LineCount => Lines.IsDefault ? 0 : Lines.Length;

    public readonly decimal Total()
    {
        decimal total = Fixed;
        foreach (var value in Value)
        {
            total += value;
        }

        return total;
    }
}
