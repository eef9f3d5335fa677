using System.Text.Json.Serialization;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>Where a <see cref="Voucher"/> stands.</summary>
public enum VoucherStatus
{
    /// <summary>Issued and not used: the member may use it while it is valid.</summary>
    Issued,

    /// <summary>Used by a purchase (<see cref="VoucherUseEvent"/>).</summary>
    Used,

    /// <summary>Not used by the start of the day after <see cref="Voucher.ValidUntil"/> (<see cref="LedgerProcessor.Expire"/>).</summary>
    Expired,

    /// <summary>Voided: the redemption that issued it was cancelled before it was used.</summary>
    Voided,
}

/// <summary>
/// A reward the member holds: issued by a catalog redemption (<see cref="RewardRedemptionEvent"/>), an automatic spend
/// reward or a named referral reward; valid on local dates of the program zone, used once, expired or voided. The
/// account keeps it (<see cref="MemberAccount.Vouchers"/>) until it is used, expired or voided and the retention window
/// (and the period of its reward's limit) is over.
/// </summary>
public sealed record Voucher
{
    [JsonConstructor]
    internal Voucher()
    {
    }

    /// <summary>The voucher id: the host's (<see cref="RewardRedemptionEvent.VoucherId"/>), or made from the event that issued it.</summary>
    [JsonInclude]
    public string Id { get; internal init; } = "";

    /// <summary>The catalog reward's id; for a spend reward <c>spendReward</c>, for a referral reward the referral rule (<c>{policy}/referrer</c> or <c>/referee</c>).</summary>
    [JsonInclude]
    public string RewardId { get; internal init; } = "";

    /// <summary>The reward's name.</summary>
    [JsonInclude]
    public string Name { get; internal init; } = "";

    /// <summary>What it is worth, in the program currency: the discount, or for a free product the most the product may cost.</summary>
    [JsonInclude]
    public decimal Value { get; internal init; }

    /// <summary>For a free product, the product or category it pays for; null for a discount.</summary>
    [JsonInclude]
    public string? Product { get; internal init; }

    /// <summary>The points paid for it (0 for a reward that was not bought with points).</summary>
    [JsonInclude]
    public long Points { get; internal init; }

    /// <summary>The event that issued it (the redemption, the purchase, the referral award or the review that released it).</summary>
    [JsonInclude]
    public string SourceId { get; internal init; } = "";

    /// <summary>When it was issued.</summary>
    [JsonInclude]
    public Instant IssuedAt { get; internal init; }

    /// <summary>The first local date it is valid on (the day of issue).</summary>
    [JsonInclude]
    public LocalDate ValidFrom { get; internal init; }

    /// <summary>The last local date it is valid on, or null for no end; it expires at the start of the next day.</summary>
    [JsonInclude]
    public LocalDate? ValidUntil { get; internal init; }

    /// <summary>Issued, used, expired or voided.</summary>
    [JsonInclude]
    [JsonConverter(typeof(JsonStringEnumConverter<VoucherStatus>))]
    public VoucherStatus Status { get; internal init; }

    /// <summary>When it was used, expired or voided; null while issued.</summary>
    [JsonInclude]
    public Instant? ClosedAt { get; internal init; }

    /// <summary>The purchase (transaction id) that used it, or null.</summary>
    [JsonInclude]
    public string? UsedBy { get; internal init; }

    /// <summary>Whether it may be used at <paramref name="date"/>: issued, and <paramref name="date"/> within its validity.</summary>
    /// <param name="date">A local date of the program zone.</param>
    /// <returns>True when it can be used that day.</returns>
    public bool IsUsableOn(LocalDate date) => Status == VoucherStatus.Issued && date >= ValidFrom && (ValidUntil is not { } until || date <= until);
}
