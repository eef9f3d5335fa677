using NodaTime;

namespace Loyalty.Rules;

/// <summary>
/// A tier set by hand (customer service), applied to the member's account from <see cref="LedgerEvent.At"/>; it
/// replaces the one set before. <see cref="Removal"/> takes it away.
/// </summary>
public sealed record TierOverrideEvent : LedgerEvent
{
    /// <summary>Sets a tier by hand.</summary>
    /// <param name="id">The event id.</param>
    /// <param name="memberId">The member.</param>
    /// <param name="at">When it is set (it counts from then).</param>
    /// <param name="tierId">The tier; a tier of the program's ladder.</param>
    /// <param name="kind">A floor, a fixed tier until <paramref name="until"/>, or a one-off move.</param>
    /// <param name="until">When it ends (required for <see cref="TierOverrideKind.FixedUntil"/>); null for no end.</param>
    /// <exception cref="System.ArgumentException">A field is missing or out of range; the message names it.</exception>
    public TierOverrideEvent(string id, string memberId, Instant at, string tierId, TierOverrideKind kind, Instant? until = null)
        : base(id, memberId, at)
    {
        TierId = Preconditions.Id(tierId, nameof(tierId));
        OverrideKind = System.Enum.IsDefined(kind) ? kind : throw Preconditions.OutOfRange(nameof(kind), kind, "must be Floor, FixedUntil or OneOff.");
        if (kind == TierOverrideKind.FixedUntil && until is null)
        {
            throw Preconditions.Invalid(nameof(until), "a fixed tier needs an end.");
        }

        Until = until is { } end && end <= at ? throw Preconditions.OutOfRange(nameof(until), end, $"must be after the event's instant {at}.") : until;
    }

    private TierOverrideEvent(string id, string memberId, Instant at)
        : base(id, memberId, at)
    {
    }

    /// <inheritdoc />
    public override LedgerEventKind Kind => LedgerEventKind.TierOverride;

    /// <summary>The tier, or null when the event removes the tier set by hand.</summary>
    public string? TierId { get; }

    /// <summary>How the tier set by hand behaves.</summary>
    public TierOverrideKind OverrideKind { get; }

    /// <summary>When it ends, or null for no end.</summary>
    public Instant? Until { get; }

    /// <summary>Removes the tier set by hand, from <paramref name="at"/>.</summary>
    /// <param name="id">The event id.</param>
    /// <param name="memberId">The member.</param>
    /// <param name="at">When.</param>
    /// <returns>The event.</returns>
    public static TierOverrideEvent Removal(string id, string memberId, Instant at) => new(id, memberId, at);

    internal TierOverride? Override => TierId is null ? null : new TierOverride { TierId = TierId, Kind = OverrideKind, SetAt = At, Until = Until };
}

/// <summary>
/// A paid membership tier bought, applied to the member's account: a floor under the earned tier from
/// <see cref="LedgerEvent.At"/> until <see cref="PaidUntil"/> (null: no end); it replaces the one bought before.
/// <see cref="Ended"/> ends it early.
/// </summary>
public sealed record PaidTierEvent : LedgerEvent
{
    /// <summary>A paid membership bought.</summary>
    /// <param name="id">The event id.</param>
    /// <param name="memberId">The member.</param>
    /// <param name="at">When it starts.</param>
    /// <param name="tierId">The tier; a tier of the program's ladder.</param>
    /// <param name="paidUntil">When it ends (exclusive); null for no end.</param>
    /// <exception cref="System.ArgumentException">A field is missing or out of range; the message names it.</exception>
    public PaidTierEvent(string id, string memberId, Instant at, string tierId, Instant? paidUntil = null)
        : base(id, memberId, at)
    {
        TierId = Preconditions.Id(tierId, nameof(tierId));
        PaidUntil = paidUntil is { } end && end <= at ? throw Preconditions.OutOfRange(nameof(paidUntil), end, $"must be after the event's instant {at}.") : paidUntil;
    }

    private PaidTierEvent(string id, string memberId, Instant at)
        : base(id, memberId, at)
    {
    }

    /// <inheritdoc />
    public override LedgerEventKind Kind => LedgerEventKind.PaidTier;

    /// <summary>The paid tier, or null when the event ends the paid membership.</summary>
    public string? TierId { get; }

    /// <summary>When it ends, or null for no end.</summary>
    public Instant? PaidUntil { get; }

    /// <summary>Ends the paid membership at <paramref name="at"/>.</summary>
    /// <param name="id">The event id.</param>
    /// <param name="memberId">The member.</param>
    /// <param name="at">When.</param>
    /// <returns>The event.</returns>
    public static PaidTierEvent Ended(string id, string memberId, Instant at) => new(id, memberId, at);
}
