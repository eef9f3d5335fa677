using System;
using System.Collections;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace Loyalty.Rules;

/// <summary>
/// One of an account's lists while a draft works on it: reads go to the stored list until the first change copies it.
/// An event that leaves the list alone copies nothing, and one that only adds at the end or forgets from the front
/// copies nothing either: <see cref="ToImmutable"/> gives the stored list back, or a list that shares its buffer. While <see cref="Journaling"/>, every change is recorded so that <see cref="RollBack"/> can undo the
/// changes made since a mark (a rejected event in a batch leaves no trace).
/// </summary>
/// <typeparam name="T">The items.</typeparam>
internal sealed class WorkingList<T> : IReadOnlyList<T>
    where T : class
{
    private AccountList<T> stored;
    private int dropped; // items forgotten from the stored list's front (not copied yet)
    private List<T>? appended; // only items added at the end so far: the stored list is not copied yet
    private List<T>? changed;
    private List<T>? spare; // a list emptied for the next use (the draft is reused: see AccountDraft.Open)
    private List<(int Index, T? Item)>? journal; // Item null: undo an insert at Index; else put Item back (set or insert)

    public WorkingList(AccountList<T> stored) => this.stored = stored;

    /// <summary>Starts over on <paramref name="list"/>: nothing added, changed or journaled.</summary>
    public void Reset(AccountList<T> list, bool journaling)
    {
        stored = list;
        dropped = 0;
        Recycle(ref appended);
        Recycle(ref changed);
        journal?.Clear();
        Removals = 0;
        Journaling = journaling;
    }

    /// <summary>Whether changes are recorded for <see cref="RollBack"/>.</summary>
    public bool Journaling { get; set; }

    /// <summary>Where the journal stands: roll back to it to undo what follows.</summary>
    public int Mark => journal?.Count ?? 0;

    public int Count => changed?.Count ?? (Kept + (appended?.Count ?? 0));

    /// <summary>The stored items still in the list (before any edit).</summary>
    private int Kept => stored.Count - dropped;

    /// <summary>How many items were removed since the list was made (never less after a roll-back).</summary>
    public int Removals { get; private set; }

    public T this[int index]
    {
        get => changed is { } list ? list[index] : index < Kept ? stored[dropped + index] : appended![index - Kept];
        set
        {
            var list = Edit();
            Record(index, list[index], set: true);
            list[index] = value;
        }
    }

    /// <summary>The items in order as two spans (the second is empty once the list was edited): the fastest way to read them all, valid until the next change.</summary>
    public void Spans(out ReadOnlySpan<T> first, out ReadOnlySpan<T> then)
    {
        first = changed is { } list ? CollectionsMarshal.AsSpan(list) : stored.Span[dropped..];
        then = changed is null && appended is not null ? CollectionsMarshal.AsSpan(appended) : default;
    }

    public void Add(T item) => Insert(Count, item);

    public void Insert(int index, T item)
    {
        if (changed is null && index == Count)
        {
            Record(index, null, set: false);
            (appended ??= Take(4)).Add(item);
            return;
        }

        var list = Edit();
        Record(index, null, set: false);
        list.Insert(index, item);
    }

    public void RemoveAt(int index)
    {
        var list = Edit();
        Record(index, list[index], set: false);
        list.RemoveAt(index);
        Removals++;
    }

    /// <summary>Removes the items that match among the first <paramref name="scan"/> (all when null), in one pass; returns how many.</summary>
    public int RemoveAll(Predicate<T> match, int? scan = null) => RemoveAll(match, static (item, m) => m(item), scan);

    /// <summary>As <see cref="RemoveAll(Predicate{T}, int?)"/>, the predicate reading <paramref name="state"/> (a static lambda: no closure made per call).</summary>
    public int RemoveAll<TState>(TState state, Func<T, TState, bool> matches, int? scan = null)
    {
        int end = Math.Min(scan ?? Count, Count);
        int first = 0;
        while (first < end && !matches(this[first], state))
        {
            first++;
        }

        if (first == end)
        {
            return 0; // nothing to remove: nothing copied
        }

        if (first == 0 && changed is null && RemovesPrefix(state, matches, end) is int prefix and > 0)
        {
            // Only the first items go (old purchases, old ids): the stored list is not copied.
            if (Journaling)
            {
                for (int i = 0; i < prefix; i++)
                {
                    Record(0, this[i], set: false); // as removals at the front one after another: undone in reverse, the last goes back first
                }
            }

            int fromStored = Math.Min(prefix, Kept);
            dropped += fromStored;
            appended?.RemoveRange(0, prefix - fromStored);
            Removals += prefix;
            return prefix;
        }

        var list = Edit();
        int kept = first;
        List<(int, T?)>? removed = Journaling ? [] : null;
        for (int read = first; read < end; read++)
        {
            var item = list[read];
            if (matches(item, state))
            {
                removed?.Add((read, item));
            }
            else
            {
                list[kept++] = item;
            }
        }

        list.RemoveRange(kept, end - kept);
        Removals += end - kept;
        if (removed is not null)
        {
            // As removals at their original indices from the last to the first: undone in reverse, each goes back where it was.
            removed.Reverse();
            (journal ??= []).AddRange(removed);
        }

        return end - kept;
    }

    /// <summary>How many items from the front match, when no item after them (up to <paramref name="end"/>) does; else null.</summary>
    private int? RemovesPrefix<TState>(TState state, Func<T, TState, bool> matches, int end)
    {
        int prefix = 0;
        while (prefix < end && matches(this[prefix], state))
        {
            prefix++;
        }

        for (int i = prefix; i < end; i++)
        {
            if (matches(this[i], state))
            {
                return null;
            }
        }

        return prefix;
    }

    public int FindIndex(Predicate<T> match)
    {
        for (int i = 0; i < Count; i++)
        {
            if (match(this[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The index of <paramref name="item"/> in a list sorted by <paramref name="comparer"/>, or its complement where it would go.</summary>
    public int BinarySearch(T item, IComparer<T> comparer)
    {
        if (changed is { } list)
        {
            return list.BinarySearch(item, comparer);
        }

        int low = 0, high = Count - 1;
        while (low <= high)
        {
            int middle = low + ((high - low) >> 1);
            int order = comparer.Compare(this[middle], item);
            if (order == 0)
            {
                return middle;
            }

            (low, high) = order < 0 ? (middle + 1, high) : (low, middle - 1);
        }

        return ~low;
    }

    /// <summary>Undoes every change recorded after <paramref name="mark"/>.</summary>
    public void RollBack(int mark)
    {
        if (journal is null || journal.Count <= mark)
        {
            return;
        }

        Edit();
        for (int i = journal.Count - 1; i >= mark; i--)
        {
            var (index, item) = journal[i];
            if (item is null)
            {
                changed!.RemoveAt(index);
            }
            else if (index < 0)
            {
                changed![~index] = item;
            }
            else
            {
                changed!.Insert(index, item);
            }
        }

        journal.RemoveRange(mark, journal.Count - mark);
    }

    /// <summary>Forgets the journal: what was changed stays.</summary>
    public void Commit() => journal?.Clear();

    /// <summary>The list as an account keeps it: the stored one when nothing changed, one sharing its buffer when items were only added at the end or forgotten from the front.</summary>
    public AccountList<T> ToImmutable()
    {
        if (changed is { } list)
        {
            stored = AccountList<T>.Of(CollectionsMarshal.AsSpan(list));
            Recycle(ref changed);
        }
        else
        {
            stored = stored.Append(dropped, appended is null ? default : CollectionsMarshal.AsSpan(appended));
        }

        dropped = 0;
        Recycle(ref appended);
        return stored;
    }

    public IndexEnumerator<WorkingList<T>, T> GetEnumerator() => new(this);

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private List<T> Edit()
    {
        if (changed is null)
        {
            changed = Take(Kept + (appended?.Count ?? 0) + 4);
            changed.AddRange(stored.Span[dropped..]);
            dropped = 0;
            if (appended is not null)
            {
                changed.AddRange(appended);
                Recycle(ref appended);
            }
        }

        return changed;
    }

    private List<T> Take(int capacity)
    {
        var list = spare ?? new List<T>(capacity);
        spare = null;
        list.EnsureCapacity(capacity);
        return list;
    }

    private void Recycle(ref List<T>? list)
    {
        if (list is not null)
        {
            list.Clear();
            spare ??= list;
            list = null;
        }
    }

    private void Record(int index, T? item, bool set)
    {
        if (Journaling)
        {
            (journal ??= []).Add((set ? ~index : index, item));
        }
    }
}
