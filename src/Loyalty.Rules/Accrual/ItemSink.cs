namespace Loyalty.Rules.Accrual;

/// <summary>Where steps write their items; off (default) on the total-only path, so that path allocates nothing.</summary>
internal struct ItemSink(AccrualItem[] buffer)
{
    private AccrualItem[]? items = buffer;

    public int Count { get; private set; }

    public readonly bool IsOn => items is not null;

    // Never inlined: its struct temporaries would make every caller zero a large stack frame on the hot path.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public void Add(string ruleId, AccrualItemKind kind, decimal points, decimal? factor, string reason)
    {
        if (items is null)
        {
            return;
        }

        if (Count == items.Length)
        {
            System.Array.Resize(ref items, items.Length * 2);
        }

        items[Count++] = new AccrualItem(ruleId, kind, points, factor, reason);
    }

    public readonly System.Collections.Immutable.ImmutableArray<AccrualItem> ToImmutable()
        => items is null ? [] : System.Collections.Immutable.ImmutableArray.Create(items, 0, Count);
}
