using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Linq;

namespace Loyalty.Rules.Accrual;

/// <summary>What compiling a program's policies needs to know, and what it learns (whether local dates are read).</summary>
internal sealed class CompileContext(string currency, ImmutableArray<string> tiers)
{
    public string Currency { get; } = currency;

    public ImmutableArray<string> Tiers { get; } = tiers;

    public FrozenDictionary<string, int> TierIndex { get; } = tiers.Select((t, i) => (t, i)).ToFrozenDictionary(x => x.t, x => x.i, System.StringComparer.Ordinal);

    public bool UsesLocalDate { get; set; }
}
