using System.Collections.Generic;
using System.Collections.Immutable;

namespace Loyalty.Rules;

/// <summary>
/// A modifier that acts on every line, or only on lines of the listed categories or skus (a line matching
/// either list is in scope). Tax and shipping, which have neither, are in scope only when both lists are empty.
/// </summary>
public abstract record LineScopedPolicy : EarnPolicy
{
    private protected LineScopedPolicy()
    {
    }

    /// <summary>Only lines of these categories (or of <see cref="Skus"/>); both empty for every line.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Only lines of these skus (or of <see cref="Categories"/>); both empty for every line.</summary>
    public IReadOnlyList<string> Skus { get; init; } = [];

    internal override void Validate(ProgramCheck check, string path)
    {
        base.Validate(check, path);
        check.Names(path + ".categories", Categories);
        check.Names(path + ".skus", Skus);
    }

    internal override IEnumerable<string> NamedCategories => Categories;

    internal override IEnumerable<string> NamedSkus => Skus;

    private protected LineScopedPolicy FreezeScope() => this with
    {
        When = FrozenWhen,
        Categories = (Categories ?? []).ToImmutableArray(),
        Skus = (Skus ?? []).ToImmutableArray(),
    };
}
