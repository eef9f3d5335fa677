using System.Collections.Frozen;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace Loyalty.Rules.Accrual;

/// <summary>
/// What compiling a program's policies needs to know, and what it learns (whether local dates are read).
/// Every category and sku the program names gets a small index, so that a line's category and sku are looked
/// up once per evaluation and every rule then reads arrays.
/// </summary>
internal sealed class CompileContext
{
    public CompileContext(LoyaltyProgram program, IEnumerable<EarnPolicy> leaves)
    {
        Currency = program.Currency;
        Rounding = program.Rounding.Mode;
        Tiers = program.Tiers;
        TierIndex = Index(Tiers);
        var policies = leaves.ToArray();
        CategoryIndex = Index(program.EarningBase.ExcludedCategories
            .Concat(policies.SelectMany(p => p.NamedCategories)));
        SkuIndex = Index(program.EarningBase.ExcludedSkus
            .Concat(policies.SelectMany(p => p.NamedSkus)));
    }

    public string Currency { get; }

    public RoundingMode Rounding { get; }

    /// <summary>The budgeted offers, in compile order: a step's index here is its slot in <see cref="Basket.Claims"/>.</summary>
    public List<TargetedOffer> Budgeted { get; } = [];

    public ImmutableArray<string> Tiers { get; }

    public FrozenDictionary<string, int> TierIndex { get; }

    /// <summary>Index of every category the program names.</summary>
    public FrozenDictionary<string, int> CategoryIndex { get; }

    /// <summary>Index of every sku the program names.</summary>
    public FrozenDictionary<string, int> SkuIndex { get; }

    public bool UsesLocalDate { get; set; }

    /// <summary>Whether a step reads the member's complete years of membership.</summary>
    public bool TracksTenure { get; set; }

    /// <summary>A flag per category index, set for the named categories; null when none is named.</summary>
    public bool[]? CategoryFlags(IEnumerable<string> names) => Flags(CategoryIndex, names);

    /// <summary>A flag per sku index, set for the named skus; null when none is named.</summary>
    public bool[]? SkuFlags(IEnumerable<string> names) => Flags(SkuIndex, names);

    /// <summary>A value per category index for the named categories (null elsewhere); null when none is named.</summary>
    public decimal?[]? CategoryValues(IReadOnlyDictionary<string, decimal> values) => Values(CategoryIndex, values);

    /// <summary>A value per sku index for the named skus (null elsewhere); null when none is named.</summary>
    public decimal?[]? SkuValues(IReadOnlyDictionary<string, decimal> values) => Values(SkuIndex, values);

    private static FrozenDictionary<string, int> Index(IEnumerable<string> names)
        => names.Distinct(System.StringComparer.Ordinal).Select((name, i) => (name, i)).ToFrozenDictionary(x => x.name, x => x.i, System.StringComparer.Ordinal);

    private static bool[]? Flags(FrozenDictionary<string, int> index, IEnumerable<string> names)
    {
        bool[]? flags = null;
        foreach (var name in names)
        {
            flags ??= new bool[index.Count];
            flags[index[name]] = true;
        }

        return flags;
    }

    private static decimal?[]? Values(FrozenDictionary<string, int> index, IReadOnlyDictionary<string, decimal> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var result = new decimal?[index.Count];
        foreach (var (name, value) in values)
        {
            result[index[name]] = value;
        }

        return result;
    }
}
