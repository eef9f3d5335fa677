using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Threading;

namespace Loyalty.Rules;

/// <summary>
/// One of an account's lists (lots, purchases, applied ids, ...): an immutable view of <see cref="Count"/> items from
/// <c>start</c> of a buffer that the next account may extend in place. An account that adds at the end of the list, or
/// forgets from its front, shares the buffer with the account it came from instead of copying every item: each view
/// only ever reads the slots it was made with, and a slot past the last view's end is claimed by one writer
/// (<see cref="Interlocked.CompareExchange(ref int, int, int)"/>), so a second account written from the same
/// predecessor copies. The default value is the empty list.
/// </summary>
/// <typeparam name="T">The items (immutable records).</typeparam>
internal readonly struct AccountList<T> : IReadOnlyList<T>, IEquatable<AccountList<T>>
    where T : class
{
    private readonly Buffer? buffer;
    private readonly int start;

    private AccountList(Buffer buffer, int start, int count)
    {
        this.buffer = buffer;
        this.start = start;
        Count = count;
    }

    /// <summary>The items.</summary>
    public int Count { get; }

    /// <summary>The items (as an immutable array names it).</summary>
    public int Length => Count;

    public bool IsEmpty => Count == 0;

    public T this[int index] => (uint)index < (uint)Count ? buffer!.Items[start + index] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>The items as a span: the fastest way to read them.</summary>
    public ReadOnlySpan<T> Span => buffer is null ? default : new(buffer.Items, start, Count);

    /// <summary>A list of the items of <paramref name="items"/>, sharing its array.</summary>
    public static AccountList<T> Of(ImmutableArray<T> items)
        => items.IsDefaultOrEmpty ? default : new(new Buffer(ImmutableCollectionsMarshal.AsArray(items)!, items.Length), 0, items.Length);

    /// <summary>A list of <paramref name="items"/>, copied into a buffer with room to grow.</summary>
    public static AccountList<T> Of(ReadOnlySpan<T> items)
    {
        if (items.IsEmpty)
        {
            return default;
        }

        var array = new T[Grown(items.Length)];
        items.CopyTo(array);
        return new(new Buffer(array, items.Length), 0, items.Length);
    }

    /// <summary>
    /// This list without its first <paramref name="dropped"/> items and with <paramref name="added"/> after its last: in
    /// place when the buffer has room after this list's end and no other list has claimed it, else in a new buffer.
    /// </summary>
    public AccountList<T> Append(int dropped, ReadOnlySpan<T> added)
    {
        int kept = Count - dropped;
        if (added.IsEmpty)
        {
            return kept == 0 ? default : new(buffer!, start + dropped, kept);
        }

        if (buffer is { } shared)
        {
            int end = start + Count;
            if (end + added.Length <= shared.Items.Length && Interlocked.CompareExchange(ref shared.Used, end + added.Length, end) == end)
            {
                added.CopyTo(shared.Items.AsSpan(end));
                Interlocked.MemoryBarrier(); // the items are written before any thread can see the account that reads them
                return new(shared, start + dropped, kept + added.Length);
            }
        }

        var array = new T[Grown(kept + added.Length)];
        Span[dropped..].CopyTo(array);
        added.CopyTo(array.AsSpan(kept));
        return new(new Buffer(array, kept + added.Length), 0, kept + added.Length);
    }

    /// <summary>The items as an immutable array (the buffer itself when it holds exactly these items and no more can come).</summary>
    public ImmutableArray<T> ToImmutableArray()
        => buffer is null ? []
            : start == 0 && Count == buffer.Items.Length ? ImmutableCollectionsMarshal.AsImmutableArray(buffer.Items)
            : [.. Span];

    public bool Equals(AccountList<T> other) => Span.SequenceEqual(other.Span);

    public override bool Equals(object? obj) => obj is AccountList<T> other && Equals(other);

    public override int GetHashCode() => Count;

    public IndexEnumerator<AccountList<T>, T> GetEnumerator() => new(this);

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// Room for a quarter as many again, at least 8 and at most 256 (a few events' worth): appends copy now and then,
    /// not each time, and a list of 10,000 lots stays under the large-object heap's 85,000 bytes.
    /// </summary>
    private static int Grown(int count) => count + Math.Clamp(count >> 2, 8, 256);

    /// <summary>The shared array and how far lists have claimed it.</summary>
    private sealed class Buffer(T[] items, int used)
    {
        public readonly T[] Items = items;
        public int Used = used;
    }
}
