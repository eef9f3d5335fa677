using System.Collections.Generic;

namespace Loyalty.Rules.Accrual;

/// <summary>What conditions read about the event and the member, resolved once per evaluation.</summary>
internal readonly struct EvaluationFacts(
    string? channel, string? storeId, string? partnerId, IReadOnlySet<string> segments, int tierIndex, int dayNumber, bool isFirstPurchase, int tenureYears = -1, long? drawSeed = null, MemberContext? member = null,
    NodaTime.Instant at = default, IReadOnlyList<BudgetClaim>? grants = null)
{
    public string? Channel { get; } = channel;

    public string? StoreId { get; } = storeId;

    public string? PartnerId { get; } = partnerId;

    public IReadOnlySet<string> Segments { get; } = segments;

    /// <summary>Index of the member's tier in the program's tiers, or -1 for none.</summary>
    public int TierIndex { get; } = tierIndex;

    /// <summary>The local date in the program zone as a DateOnly day number (0 when the program reads no dates).</summary>
    public int DayNumber { get; } = dayNumber;

    public bool IsFirstPurchase { get; } = isFirstPurchase;

    /// <summary>The member's complete years of membership at the local date, or -1 when unknown or not read.</summary>
    public int TenureYears { get; } = tenureYears;

    /// <summary>The transaction's surprise draw seed, or null.</summary>
    public long? DrawSeed { get; } = drawSeed;

    /// <summary>When the event happened.</summary>
    public NodaTime.Instant At { get; } = at;

    /// <summary>The decided budget claims the host passed in, or null.</summary>
    public IReadOnlyList<BudgetClaim>? Grants { get; } = grants;

    /// <summary>The member, for what steps read of it directly (birthday, reactivation), or null.</summary>
    public MemberContext? Member { get; } = member;
}
