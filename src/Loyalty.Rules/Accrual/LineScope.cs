using System.Collections.Generic;

namespace Loyalty.Rules.Accrual;

/// <summary>Which components a line-level modifier touches.</summary>
internal sealed class LineScope
{
    public static readonly LineScope All = new(null, null);

    private readonly bool[]? categories;
    private readonly bool[]? skus;

    private LineScope(bool[]? categories, bool[]? skus)
    {
        this.categories = categories;
        this.skus = skus;
        IsAll = categories is null && skus is null;
    }

    public bool IsAll { get; }

    public static LineScope Of(IReadOnlyList<string> categories, IReadOnlyList<string> skus, CompileContext context)
        => new(context.CategoryFlags(categories), context.SkuFlags(skus));

    /// <summary>Whether component <paramref name="i"/> is in scope; tax and shipping have no category or sku.</summary>
    public bool Includes(in Basket b, int i)
    {
        if (IsAll)
        {
            return true;
        }

        if (i >= b.LineCount)
        {
            return false;
        }

        int category = b.Categories[i], sku = b.Skus[i];
        return (categories is not null && category >= 0 && categories[category])
            || (skus is not null && sku >= 0 && skus[sku]);
    }
}
