using System.Collections.Immutable;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>Where a referral stands.</summary>
public enum ReferralStatus
{
    /// <summary>Not qualified yet; it still can.</summary>
    Pending,

    /// <summary>Qualified: the award events pay each rewarded side (held for review if the fraud checks said so).</summary>
    Qualified,

    /// <summary>It never will qualify (its window passed, or the first purchase fell short); the reasons say why.</summary>
    NotQualified,

    /// <summary>It qualified but the fraud checks rejected it; nothing is paid.</summary>
    Rejected,
}

/// <summary>What one side of a referral gets, or why it gets nothing.</summary>
/// <param name="Side">Referrer or referee.</param>
/// <param name="MemberId">That side's member.</param>
/// <param name="Reward">The reward in words (a ladder step is chosen from the referrer's account when the award applies).</param>
/// <param name="Award">The event that pays it, or null when nothing is paid (yet).</param>
/// <param name="Refusal">Why nothing is paid, or null.</param>
public sealed record ReferralSideDecision(ReferralSide Side, string MemberId, string Reward, ReferralAwardEvent? Award, string? Refusal);

/// <summary>The decision on a referral: its status, each rewarded side's reward or refusal, and the fraud verdict.</summary>
public sealed class ReferralDecision
{
    internal ReferralDecision(Referral referral, ReferralStatus status, string reason, Instant? qualifiedAt, ImmutableArray<ReferralSideDecision> sides, FraudVerdict fraud)
    {
        Referral = referral;
        Status = status;
        Reason = reason;
        QualifiedAt = qualifiedAt;
        Sides = sides;
        Fraud = fraud;
        var awards = ImmutableArray.CreateBuilder<ReferralAwardEvent>();
        foreach (var side in sides)
        {
            if (side.Award is not null)
            {
                awards.Add(side.Award);
            }
        }

        Awards = awards.ToImmutable();
    }

    /// <summary>The referral decided on.</summary>
    public Referral Referral { get; }

    /// <summary>Pending, qualified, not qualified or rejected.</summary>
    public ReferralStatus Status { get; }

    /// <summary>Why, in words.</summary>
    public string Reason { get; }

    /// <summary>When it qualified, or null.</summary>
    public Instant? QualifiedAt { get; }

    /// <summary>One entry per side the program rewards (referrer first).</summary>
    public ImmutableArray<ReferralSideDecision> Sides { get; }

    /// <summary>The fraud checks' verdict (allowed unless the referral qualified).</summary>
    public FraudVerdict Fraud { get; }

    /// <summary>The award events to apply, each to its own member's account.</summary>
    public ImmutableArray<ReferralAwardEvent> Awards { get; }

    /// <inheritdoc />
    public override string ToString() => $"referral '{Referral.Id}': {Status} ({Reason})";
}
