using System.Collections.Immutable;
using System.Linq;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>
/// A referral as the host knows it: who referred whom, when the referee signed up, and what the host knows for the
/// fraud checks (hashed fingerprints of both members, earlier referrals from the referee's fingerprints).
/// </summary>
public sealed record Referral
{
    /// <summary>Creates a referral.</summary>
    /// <param name="id">The referral id; each side's award event is keyed by it.</param>
    /// <param name="referrerId">The member who referred.</param>
    /// <param name="refereeId">The member who was referred.</param>
    /// <param name="signedUpAt">When the referee signed up.</param>
    public Referral(string id, string referrerId, string refereeId, Instant signedUpAt)
    {
        Id = Preconditions.Id(id, nameof(id));
        ReferrerId = Preconditions.Id(referrerId, nameof(referrerId));
        RefereeId = Preconditions.Id(refereeId, nameof(refereeId));
        SignedUpAt = signedUpAt;
    }

    /// <summary>The referral id.</summary>
    public string Id { get; }

    /// <summary>The member who referred.</summary>
    public string ReferrerId { get; }

    /// <summary>The member who was referred.</summary>
    public string RefereeId { get; }

    /// <summary>When the referee signed up.</summary>
    public Instant SignedUpAt { get; }

    /// <summary>The referrer's hashed fingerprints.</summary>
    public ImmutableArray<MemberFingerprint> ReferrerFingerprints { get; init; } = [];

    /// <summary>The referee's hashed fingerprints.</summary>
    public ImmutableArray<MemberFingerprint> RefereeFingerprints { get; init; } = [];

    /// <summary>How many earlier referrals the host has seen whose referee shares a fingerprint with this referee.</summary>
    public int ReferralsFromSameFingerprint { get; init; }

    /// <inheritdoc />
    public bool Equals(Referral? other)
        => other is not null && Id == other.Id && ReferrerId == other.ReferrerId && RefereeId == other.RefereeId && SignedUpAt == other.SignedUpAt
           && ReferrerFingerprints.SequenceEqual(other.ReferrerFingerprints) && RefereeFingerprints.SequenceEqual(other.RefereeFingerprints)
           && ReferralsFromSameFingerprint == other.ReferralsFromSameFingerprint;

    /// <inheritdoc />
    public override int GetHashCode() => System.HashCode.Combine(Id, ReferrerId, RefereeId, SignedUpAt);
}
