using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Loyalty.Rules;

/// <summary>
/// One kind of state a feature keeps in the member's account across events (offer uses, period tallies, the spend
/// counter, ...): its JSON name in the stored account, its value for a new account, and how it is compared and
/// stored. The feature declares it in its own folder; <see cref="MemberStateKinds"/> lists it once.
/// </summary>
internal abstract class MemberStateKind
{
    private int slot = -1;

    protected MemberStateKind(string name) => Name = name;

    /// <summary>The property name in the account's JSON (the flat names accounts have always been stored under).</summary>
    public string Name { get; }

    /// <summary>Where the value sits in a <see cref="MemberState"/>.</summary>
    public int Slot => slot >= 0 ? slot : slot = MemberStateKinds.All.IndexOf(this) is var i and >= 0 ? i : throw new InvalidOperationException($"The member state '{Name}' is not in MemberStateKinds.All.");

    /// <summary>Reads a stored value (null for a new account's value).</summary>
    public abstract object? Read(JsonElement json);

    /// <summary>Writes a value that is not a new account's.</summary>
    public abstract JsonElement Write(object value);

    /// <summary>Whether two values are the same state.</summary>
    public abstract bool Same(object? left, object? right);

    /// <summary>Whether the kind counts earned points (<see cref="Count"/> does something).</summary>
    public abstract bool Counts { get; }

    /// <summary>Whether the kind forgets what the retention window no longer needs (<see cref="Forget"/> does something).</summary>
    public abstract bool Forgets { get; }

    /// <summary>The value after an event earned (or took back) points.</summary>
    public abstract object? Count(object? value, EarnedPoints earned);

    /// <summary>The value without what ended before the retention window.</summary>
    public abstract object? Forget(object? value, LoyaltyProgram program, NodaTime.LocalDate horizon);

    /// <summary>What an account that absorbs a closed one keeps: its own value merged with the closed account's (by default its own).</summary>
    public abstract object? Merge(object? value, object? closed);

    /// <summary>Declares a list of items as state: empty for a new account, compared item by item.</summary>
    public static MemberStateKind<ImmutableArray<TItem>> List<TItem>(
        string name,
        JsonTypeInfo<ImmutableArray<TItem>> json,
        Func<ImmutableArray<TItem>, EarnedPoints, ImmutableArray<TItem>>? count = null,
        Func<ImmutableArray<TItem>, ImmutableArray<TItem>, ImmutableArray<TItem>>? merge = null)
        => new(name, [], json, SequenceComparer<TItem>.Instance, v => v.IsDefault ? [] : v, count, merge: merge);

    /// <summary>A merge that keeps both lists: the absorbing account's items, then the closed account's.</summary>
    public static ImmutableArray<TItem> Both<TItem>(ImmutableArray<TItem> mine, ImmutableArray<TItem> closed) => mine.AddRange(closed);
}

/// <summary>A kind of member state whose values are <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The value type; <see cref="Empty"/> for a new account.</typeparam>
internal sealed class MemberStateKind<T> : MemberStateKind
{
    private readonly JsonTypeInfo<T> json;
    private readonly IEqualityComparer<T> comparer;
    private readonly Func<T, T> normalize;
    private readonly Func<T, EarnedPoints, T>? count;
    private readonly Func<T, LoyaltyProgram, NodaTime.LocalDate, T>? forget;
    private readonly Func<T, T, T>? merge;

    /// <summary>Declares a kind of state.</summary>
    /// <param name="name">Its JSON property name.</param>
    /// <param name="empty">Its value for a new account (never stored).</param>
    /// <param name="json">How it is stored.</param>
    /// <param name="comparer">How values compare, or null for their own equality.</param>
    /// <param name="normalize">What a value read from JSON becomes (e.g. a missing list an empty one), or null.</param>
    /// <param name="count">What the value becomes when an event earns or takes back points, or null when it does not count them.</param>
    /// <param name="forget">What the value keeps at the start of the retention window, or null to keep it all.</param>
    /// <param name="merge">What an account absorbing a closed one keeps of its value and the closed account's, or null for its own.</param>
    public MemberStateKind(
        string name,
        T empty,
        JsonTypeInfo<T> json,
        IEqualityComparer<T>? comparer = null,
        Func<T, T>? normalize = null,
        Func<T, EarnedPoints, T>? count = null,
        Func<T, LoyaltyProgram, NodaTime.LocalDate, T>? forget = null,
        Func<T, T, T>? merge = null)
        : base(name)
    {
        this.merge = merge;
        this.count = count;
        this.forget = forget;
        Empty = empty;
        this.json = json;
        this.comparer = comparer ?? EqualityComparer<T>.Default;
        this.normalize = normalize ?? (v => v);
    }

    /// <summary>The value of a new account.</summary>
    public T Empty { get; }

    /// <inheritdoc />
    public override object? Read(JsonElement element)
    {
        var value = element.ValueKind == JsonValueKind.Null ? Empty : normalize(element.Deserialize(json)!);
        return comparer.Equals(value, Empty) ? null : value;
    }

    /// <inheritdoc />
    public override JsonElement Write(object value) => JsonSerializer.SerializeToElement((T)value, json);

    /// <inheritdoc />
    public override bool Same(object? left, object? right) => comparer.Equals(left is null ? Empty : (T)left, right is null ? Empty : (T)right);

    /// <inheritdoc />
    public override bool Counts => count is not null;

    /// <inheritdoc />
    public override bool Forgets => forget is not null;

    /// <inheritdoc />
    public override object? Count(object? value, EarnedPoints earned) => count is null ? value : Kept(value, count(Of(value), earned));

    /// <inheritdoc />
    public override object? Forget(object? value, LoyaltyProgram program, NodaTime.LocalDate horizon)
        => forget is null || value is null ? value : Kept(value, forget(Of(value), program, horizon));

    /// <inheritdoc />
    public override object? Merge(object? value, object? closed) => merge is null || closed is null ? value : Kept(value, merge(Of(value), Of(closed)));

    /// <summary>The slot for <paramref name="value"/>: the same slot object when nothing changed (no box, no copy of the state).</summary>
    private object? Kept(object? slot, T value) => comparer.Equals(value, Of(slot)) ? slot : Slotted(value);

    /// <summary>The value held in a slot (null: <see cref="Empty"/>).</summary>
    public T Of(object? slot) => slot is null ? Empty : (T)slot;

    /// <summary>What a slot holds for a value: null for the empty value, so that new accounts hold nothing.</summary>
    public object? Slotted(T value) => comparer.Equals(value, Empty) ? null : value;
}

/// <summary>Points one event earned, or took back (negative), as the features that keep state count them.</summary>
/// <param name="Program">The program.</param>
/// <param name="Date">The local date of the purchase the points belong to (a refund's is its purchase's).</param>
/// <param name="Points">The points (negative when a refund or a voided hold takes them back).</param>
/// <param name="Accrual">The purchase's accrual when the event is the purchase itself, else null.</param>
internal readonly record struct EarnedPoints(LoyaltyProgram Program, NodaTime.LocalDate Date, long Points, AccrualResult? Accrual);

/// <summary>Compares immutable lists by their items, in order.</summary>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class SequenceComparer<T> : IEqualityComparer<ImmutableArray<T>>
{
    public static SequenceComparer<T> Instance { get; } = new();

    public bool Equals(ImmutableArray<T> x, ImmutableArray<T> y) => (x.IsDefault ? [] : x).SequenceEqual(y.IsDefault ? [] : y);

    public int GetHashCode(ImmutableArray<T> obj) => obj.IsDefault ? 0 : obj.Length;
}

/// <summary>
/// The state the account keeps for its features, one slot per <see cref="MemberStateKind"/>: immutable, compared by
/// value, empty for a new account (a slot holds null until its feature stores something).
/// </summary>
internal sealed class MemberState : IEquatable<MemberState>
{
    private readonly object?[] slots;

    private MemberState(object?[] slots) => this.slots = slots;

    /// <summary>A new account's state.</summary>
    public static MemberState Empty { get; } = new(new object?[MemberStateKinds.All.Length]);

    /// <summary>The value of one kind.</summary>
    public T Get<T>(MemberStateKind<T> kind) => kind.Of(slots[kind.Slot]);

    /// <summary>The state with one kind's value replaced.</summary>
    public MemberState With<T>(MemberStateKind<T> kind, T value)
    {
        var slotted = kind.Slotted(value);
        if (ReferenceEquals(slotted, slots[kind.Slot]) || slotted is null && slots[kind.Slot] is null)
        {
            return this;
        }

        var copy = (object?[])slots.Clone();
        copy[kind.Slot] = slotted;
        return new MemberState(copy);
    }

    /// <summary>The state after an event earned (or took back) points: every kind that counts them counts.</summary>
    public MemberState Count(in EarnedPoints earned) => Apply(MemberStateKinds.Counting, earned, null, default);

    /// <summary>The state without what ended before the retention window (<paramref name="horizon"/>, a local date).</summary>
    public MemberState Forget(LoyaltyProgram program, NodaTime.LocalDate horizon) => Apply(MemberStateKinds.Forgetting, default, program, horizon);

    /// <summary>The state of an account that absorbs a closed one whose state is <paramref name="closed"/>: each kind merges as it declares.</summary>
    public MemberState Merge(MemberState closed)
    {
        var merged = (object?[])slots.Clone();
        foreach (var kind in MemberStateKinds.All)
        {
            merged[kind.Slot] = kind.Merge(slots[kind.Slot], closed.slots[kind.Slot]);
        }

        return new MemberState(merged);
    }

    /// <summary>Counts <paramref name="earned"/>, or forgets up to <paramref name="horizon"/> when <paramref name="forgetting"/> is set; copies the slots only when one changes.</summary>
    private MemberState Apply(ImmutableArray<MemberStateKind> kinds, in EarnedPoints earned, LoyaltyProgram? forgetting, NodaTime.LocalDate horizon)
    {
        object?[]? copy = null;
        foreach (var kind in kinds)
        {
            var before = slots[kind.Slot];
            var after = forgetting is null ? kind.Count(before, earned) : kind.Forget(before, forgetting, horizon);
            if (!ReferenceEquals(before, after))
            {
                copy ??= (object?[])slots.Clone();
                copy[kind.Slot] = after;
            }
        }

        return copy is null ? this : new MemberState(copy);
    }

    /// <summary>Reads the state from the account's JSON properties it does not name itself; the rest is left in <paramref name="unknown"/>.</summary>
    public static MemberState Read(IDictionary<string, JsonElement>? properties, out Dictionary<string, JsonElement>? unknown)
    {
        unknown = null;
        if (properties is null || properties.Count == 0)
        {
            return Empty;
        }

        var values = new object?[MemberStateKinds.All.Length];
        foreach (var (name, element) in properties)
        {
            if (MemberStateKinds.Named(name) is { } kind)
            {
                try
                {
                    values[kind.Slot] = kind.Read(element);
                }
                catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
                {
                    throw new JsonException($"$.{name}: {e.Message}", e);
                }
            }
            else
            {
                (unknown ??= new(StringComparer.Ordinal))[name] = element; // kept and written back: nothing a newer version stored is lost
            }
        }

        return new MemberState(values);
    }

    /// <summary>The JSON properties of the state that is not a new account's, after <paramref name="unknown"/>.</summary>
    public Dictionary<string, JsonElement>? Write(IReadOnlyDictionary<string, JsonElement>? unknown)
    {
        Dictionary<string, JsonElement>? properties = unknown is null ? null : new(unknown, StringComparer.Ordinal);
        foreach (var kind in MemberStateKinds.All)
        {
            if (slots[kind.Slot] is { } value)
            {
                (properties ??= new(StringComparer.Ordinal))[kind.Name] = kind.Write(value);
            }
        }

        return properties;
    }

    /// <inheritdoc />
    public bool Equals(MemberState? other)
    {
        if (other is null)
        {
            return false;
        }

        foreach (var kind in MemberStateKinds.All)
        {
            if (!kind.Same(slots[kind.Slot], other.slots[kind.Slot]))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as MemberState);

    /// <inheritdoc />
    public override int GetHashCode() => slots.Count(s => s is not null);
}
