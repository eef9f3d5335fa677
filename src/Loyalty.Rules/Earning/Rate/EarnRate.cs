using System.Collections.Frozen;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Loyalty.Rules.Accrual;

namespace Loyalty.Rules;

/// <summary>
/// Points per currency unit of earning base, proportional (2 per 1.00 on 12.45 is 24.9) unless
/// <see cref="PerWholeUnit"/>. For one line the most specific rate wins: sku, then category, then the base rate.
/// Tax and shipping, when the earning base counts them, earn the base rate.
/// </summary>
public sealed record EarnRate : EarnPolicy
{
    /// <summary>Points per 1.00 of the program currency; not negative.</summary>
    public required decimal PointsPerUnit { get; init; }

    /// <summary>Rates by category, overriding the base rate.</summary>
    public IReadOnlyDictionary<string, decimal> CategoryRates { get; init; } = FrozenDictionary<string, decimal>.Empty;

    /// <summary>Rates by sku, overriding the category and base rates.</summary>
    public IReadOnlyDictionary<string, decimal> SkuRates { get; init; } = FrozenDictionary<string, decimal>.Empty;

    /// <summary>When true, each line earns on its whole currency units only (12.45 counts as 12). Default false.</summary>
    public bool PerWholeUnit { get; init; }

    internal override EarnPolicy Freeze() => this with
    {
        When = FrozenWhen,
        CategoryRates = (CategoryRates ?? FrozenDictionary<string, decimal>.Empty).ToFrozenDictionary(System.StringComparer.Ordinal),
        SkuRates = (SkuRates ?? FrozenDictionary<string, decimal>.Empty).ToFrozenDictionary(System.StringComparer.Ordinal),
    };

    internal override void Validate(ProgramCheck check, string path)
    {
        base.Validate(check, path);
        check.Rate(path + ".pointsPerUnit", PointsPerUnit);
        Rates(check, path + ".categoryRates", CategoryRates);
        Rates(check, path + ".skuRates", SkuRates);
    }

    internal override Step Compile(CompileContext context) => new RateStep(this, context);

    internal override IEnumerable<string> NamedCategories => CategoryRates.Keys;

    internal override IEnumerable<string> NamedSkus => SkuRates.Keys;

    internal override bool PaysOnLines => true;

    /// <summary>Category and sku rates on what the earning base excludes never apply.</summary>
    internal override IEnumerable<LintFinding> Lint(EarningBase earningBase, NodaTime.Instant asOf, string path)
    {
        var categories = earningBase.ExcludedCategories.ToHashSet(System.StringComparer.Ordinal);
        var skus = earningBase.ExcludedSkus.ToHashSet(System.StringComparer.Ordinal);
        foreach (var category in CategoryRates.Keys.Where(categories.Contains).Order(System.StringComparer.Ordinal))
        {
            yield return new($"{path}.categoryRates['{category}']", $"category '{category}' is excluded from earning by the earning base: this rate never applies.");
        }

        foreach (var sku in SkuRates.Keys.Where(skus.Contains).Order(System.StringComparer.Ordinal))
        {
            yield return new($"{path}.skuRates['{sku}']", $"sku '{sku}' is excluded from earning by the earning base: this rate never applies.");
        }
    }

    internal string Reason(string currency)
    {
        var text = $"{Number(PointsPerUnit)} pts per {(PerWholeUnit ? "whole " : "")}1 {currency}";
        var overrides = SkuRates.OrderBy(r => r.Key, System.StringComparer.Ordinal)
            .Concat(CategoryRates.OrderBy(r => r.Key, System.StringComparer.Ordinal)).Select(r => $"{r.Key} {Number(r.Value)}").ToArray();
        return overrides.Length == 0 ? text : $"{text} ({string.Join(", ", overrides)})";
    }

    internal static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Rates(ProgramCheck check, string path, IReadOnlyDictionary<string, decimal>? rates)
    {
        foreach (var (key, rate) in rates ?? FrozenDictionary<string, decimal>.Empty)
        {
            if (string.IsNullOrWhiteSpace(key))
            {
                check.Fail(path, "a key is empty.");
            }

            check.Rate($"{path}['{key}']", rate);
        }
    }
}
