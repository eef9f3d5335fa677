using NodaTime;

namespace Loyalty.Rules;

/// <summary>
/// Points earned together: from one event and rule, with one availability and one expiry. Redemption, expiry and
/// reversal take from <see cref="Remaining"/>; a lot leaves the account when nothing remains.
/// </summary>
public sealed record PointLot
{
    /// <summary>The lot id: event id and rule id, so the same event never makes two lots.</summary>
    public required string Id { get; init; }

    /// <summary>The event (transaction, activity, adjustment) that earned it.</summary>
    public required string SourceId { get; init; }

    /// <summary>The rule that earned it ("accrual" for the points of the program's default lot policy).</summary>
    public required string RuleId { get; init; }

    /// <summary>The points it was earned with.</summary>
    public required long Points { get; init; }

    /// <summary>The points still in it.</summary>
    public required long Remaining { get; init; }

    /// <summary>When it was earned.</summary>
    public required Instant EarnedAt { get; init; }

    /// <summary>When it becomes spendable (the end of the pending period).</summary>
    public required Instant AvailableAt { get; init; }

    /// <summary>When it expires (due when this is at or before the instant asked about), or null for never.</summary>
    public Instant? ExpiresAt { get; init; }

    /// <summary>Whether its becoming available has been recorded by an entry.</summary>
    public bool Matured { get; init; }

    /// <summary>The event whose points are held for fraud review, or null when not held.</summary>
    public string? HeldBy { get; init; }

    /// <summary>When a held lot's review deadline passes (the program's <see cref="HoldReview"/> then resolves it).</summary>
    public Instant? ReviewBy { get; init; }

    /// <summary>Whether the lot is held for fraud review (never spendable, never expiring, until released).</summary>
    public bool IsHeld => HeldBy is not null;

    /// <summary>Whether it is spendable at <paramref name="asOf"/>.</summary>
    /// <param name="asOf">The instant.</param>
    /// <returns>True once the pending period is over and the lot is not held.</returns>
    public bool IsAvailableAt(Instant asOf) => AvailableAt <= asOf && HeldBy is null;
}
