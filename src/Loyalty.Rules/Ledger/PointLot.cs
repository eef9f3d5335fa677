using System.Text.Json.Serialization;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>
/// Points earned together: from one event and rule, with one availability and one expiry. Redemption, expiry and
/// reversal take from <see cref="Remaining"/>; a lot leaves the account when nothing remains.
/// </summary>
public sealed record PointLot
{
    [JsonConstructor]
    internal PointLot()
    {
    }

    /// <summary>The lot id: event id and rule id, so the same event never makes two lots.</summary>
    [JsonInclude]
    public string Id { get; internal init; } = "";

    /// <summary>The event (transaction, activity, adjustment) that earned it.</summary>
    [JsonInclude]
    public string SourceId { get; internal init; } = "";

    /// <summary>The rule that earned it ("accrual" for the points of the program's default lot policy).</summary>
    [JsonInclude]
    public string RuleId { get; internal init; } = "";

    /// <summary>The points it was earned with.</summary>
    [JsonInclude]
    public Points Points { get; internal init; }

    /// <summary>The points still in it.</summary>
    [JsonInclude]
    public Points Remaining { get; internal init; }

    /// <summary>When it was earned.</summary>
    [JsonInclude]
    public Instant EarnedAt { get; internal init; }

    /// <summary>When it becomes spendable (the end of the pending period).</summary>
    [JsonInclude]
    public Instant AvailableAt { get; internal init; }

    /// <summary>When it expires (due when this is at or before the instant asked about), or null for never.</summary>
    [JsonInclude]
    public Instant? ExpiresAt { get; internal init; }

    /// <summary>Whether its becoming available has been recorded by an entry.</summary>
    [JsonInclude]
    public bool Matured { get; internal init; }

    /// <summary>The event whose points are held for fraud review, or null when not held.</summary>
    [JsonInclude]
    public string? HeldBy { get; internal init; }

    /// <summary>When a held lot's review deadline passes (the program's <see cref="HoldReview"/> then resolves it).</summary>
    [JsonInclude]
    public Instant? ReviewBy { get; internal init; }

    /// <summary>Whether the lot is held for fraud review (never spendable, never expiring, until released).</summary>
    [JsonIgnore] // derived from HeldBy: not stored (accounts written before still load; the reader skips it)
    public bool IsHeld => HeldBy is not null;

    /// <summary>Whether it is spendable at <paramref name="asOf"/>.</summary>
    /// <param name="asOf">The instant.</param>
    /// <returns>True once the pending period is over and the lot is not held.</returns>
    public bool IsAvailableAt(Instant asOf) => AvailableAt <= asOf && HeldBy is null;
}
