using System.Collections.Generic;
using System.Collections.Immutable;

namespace Loyalty.Rules;

/// <summary>
/// What money earns points. Always: a line earns on its amount after its own discount and its share of the
/// order discount (prorated to the currency's minor unit by largest remainder), and the part of the order
/// paid with points (prorated the same way over lines, tax and shipping) never earns. As the program says:
/// excluded categories and skus earn nothing and do not count as eligible spend; tax and shipping may count.
/// </summary>
public sealed record EarningBase
{
    /// <summary>Every line earns; tax and shipping do not.</summary>
    public static EarningBase Default { get; } = new();

    /// <summary>Categories whose lines earn nothing (e.g. "gift-card"); matched ordinally.</summary>
    public IReadOnlyList<string> ExcludedCategories { get; init; } = [];

    /// <summary>Skus whose lines earn nothing; matched ordinally.</summary>
    public IReadOnlyList<string> ExcludedSkus { get; init; } = [];

    /// <summary>Whether tax earns (at the base rate) and counts as eligible spend. Default false.</summary>
    public bool IncludeTax { get; init; }

    /// <summary>Whether shipping earns (at the base rate) and counts as eligible spend. Default false.</summary>
    public bool IncludeShipping { get; init; }

    internal EarningBase Freeze() => this with
    {
        ExcludedCategories = (ExcludedCategories ?? []).ToImmutableArray(),
        ExcludedSkus = (ExcludedSkus ?? []).ToImmutableArray(),
    };

    internal void Validate(ProgramCheck check, string path)
    {
        check.Names(path + ".excludedCategories", ExcludedCategories);
        check.Names(path + ".excludedSkus", ExcludedSkus);
    }
}
