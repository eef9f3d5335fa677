namespace Loyalty.Rules;

/// <summary>Why a member's tier changed.</summary>
public enum TierChangeReason
{
    /// <summary>Qualifying activity met a higher tier's thresholds.</summary>
    Upgraded,

    /// <summary>A window ended (after its grace) without requalifying, or a hold of a rolling window ran out.</summary>
    Downgraded,

    /// <summary>A paid membership tier started.</summary>
    PaidTierStarted,

    /// <summary>A paid membership tier ended (its end passed, or it was ended).</summary>
    PaidTierEnded,

    /// <summary>Customer service set the tier by hand.</summary>
    SetByHand,

    /// <summary>A tier set by hand ended or was removed; the earned tier applies again.</summary>
    SetByHandEnded,
}

/// <summary>A change of the member's tier, reported once, by the event (or the due work) at which it took effect.</summary>
/// <param name="FromTierId">The tier the host was last told.</param>
/// <param name="ToTierId">The tier now.</param>
/// <param name="Reason">Why.</param>
public sealed record TierChange(string FromTierId, string ToTierId, TierChangeReason Reason);
