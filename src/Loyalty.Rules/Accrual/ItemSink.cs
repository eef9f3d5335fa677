using System;
using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace Loyalty.Rules.Accrual;

/// <summary>
/// Where steps write their items; off (default) on the total-only path, so that path allocates nothing. On the
/// itemized path items go to a per-thread scratch buffer and leave it as one exact-size array.
/// </summary>
internal struct ItemSink
{
    [ThreadStatic]
    private static AccrualItem[]? scratch;

    private AccrualItem[]? items;

    public int Count { get; private set; }

    public readonly bool IsOn => items is not null;

    /// <summary>A sink that records items, using this thread's scratch buffer.</summary>
    public static ItemSink Recording(int capacity)
    {
        var buffer = scratch;
        if (buffer is null || buffer.Length < capacity)
        {
            scratch = buffer = new AccrualItem[Math.Max(capacity, 16)];
        }

        return new ItemSink { items = buffer };
    }

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
            Array.Resize(ref items, items.Length * 2);
            scratch = items;
        }

        items[Count++] = new AccrualItem(ruleId, kind, points, factor, reason);
    }

    /// <summary>
    /// The items written, in this thread's array of their number (one per count up to 16, else a new one): valid until
    /// the thread's next call; clears the scratch buffer's references.
    /// </summary>
    public readonly ImmutableArray<AccrualItem> ToInPlace()
    {
        if (items is null || Count == 0)
        {
            return [];
        }

        var bySize = inPlace ??= new AccrualItem[17][];
        var result = Count < bySize.Length ? bySize[Count] ??= new AccrualItem[Count] : new AccrualItem[Count];
        items.AsSpan(0, Count).CopyTo(result);
        items.AsSpan(0, Count).Clear();
        return ImmutableCollectionsMarshal.AsImmutableArray(result);
    }

    [ThreadStatic]
    private static AccrualItem[][]? inPlace;

    /// <summary>The items written, as a new exact-size array; clears the scratch buffer's references.</summary>
    public readonly ImmutableArray<AccrualItem> ToImmutable()
    {
        if (items is null || Count == 0)
        {
            return [];
        }

        var result = items.AsSpan(0, Count).ToArray();
        items.AsSpan(0, Count).Clear();
        return ImmutableCollectionsMarshal.AsImmutableArray(result);
    }
}
