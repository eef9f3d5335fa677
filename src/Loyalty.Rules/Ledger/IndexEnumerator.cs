using System.Collections;
using System.Collections.Generic;

namespace Loyalty.Rules;

/// <summary>Enumerates a list by index without allocating (the account's and the draft's lists).</summary>
/// <typeparam name="TList">The list.</typeparam>
/// <typeparam name="T">The items.</typeparam>
internal struct IndexEnumerator<TList, T> : IEnumerator<T>
    where TList : IReadOnlyList<T>
{
    private readonly TList list;
    private int index;

    internal IndexEnumerator(TList list)
    {
        this.list = list;
        index = -1;
    }

    public readonly T Current => list[index];

    readonly object? IEnumerator.Current => Current;

    public bool MoveNext() => ++index < list.Count;

    public void Reset() => index = -1;

    public readonly void Dispose()
    {
    }
}
