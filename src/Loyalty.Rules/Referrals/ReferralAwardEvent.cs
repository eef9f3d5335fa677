using NodaTime;

namespace Loyalty.Rules;

/// <summary>Which side of a referral.</summary>
public enum ReferralSide
{
    /// <summary>The member who referred.</summary>
    Referrer,

    /// <summary>The member who was referred.</summary>
    Referee,
}

/// <summary>
/// Pays one side of a qualified referral into that member's account: its id is the referral id and the side
/// (<c>"{referralId}/referrer"</c>), so each side is paid once and no operation spans two accounts. Made by
/// <see cref="ReferralDecider"/>; a host may store and rebuild it with this constructor. For the referrer, the ladder
/// step and the caps are read from the referrer's account when it is applied.
/// </summary>
public sealed record ReferralAwardEvent : LedgerEvent
{
    /// <summary>Creates the award of one side.</summary>
    /// <param name="referralId">The referral.</param>
    /// <param name="side">Which side.</param>
    /// <param name="memberId">The member of that side.</param>
    /// <param name="at">When the referral qualified.</param>
    /// <param name="holdReason">Why the award is held for fraud review, or null to pay it outright.</param>
    public ReferralAwardEvent(string referralId, ReferralSide side, string memberId, Instant at, string? holdReason = null)
        : base($"{Preconditions.Id(referralId, nameof(referralId))}/{SideName(side)}", memberId, at)
    {
        ReferralId = referralId;
        Side = side;
        HoldReason = holdReason;
    }

    /// <inheritdoc />
    public override LedgerEventKind Kind => LedgerEventKind.ReferralAward;

    /// <summary>The referral.</summary>
    public string ReferralId { get; }

    /// <summary>Which side.</summary>
    public ReferralSide Side { get; }

    /// <summary>Why the award is held for review, or null.</summary>
    public string? HoldReason { get; }

    internal static string SideName(ReferralSide side) => side switch
    {
        ReferralSide.Referrer => "referrer",
        ReferralSide.Referee => "referee",
        _ => throw Preconditions.OutOfRange(nameof(side), side, "must be Referrer or Referee."),
    };
}

/// <summary>A referral paid to the referrer, remembered while the ladder and caps count it.</summary>
/// <param name="ReferralId">The referral.</param>
/// <param name="At">When it qualified.</param>
/// <param name="Points">The points it paid (0 for a named reward).</param>
internal sealed record ReferralPayment(string ReferralId, Instant At, long Points);
