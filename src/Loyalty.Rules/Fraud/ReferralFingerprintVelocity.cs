using System.Collections.Generic;

namespace Loyalty.Rules;

/// <summary>
/// Too many referrals from one fingerprint: the host counts the earlier referrals whose referee shares a fingerprint
/// with this one (<see cref="Referral.ReferralsFromSameFingerprint"/>), over whatever window it keeps. Default action:
/// hold.
/// </summary>
public sealed record ReferralFingerprintVelocity : FraudCheck
{
    /// <summary>Creates the check.</summary>
    /// <param name="maxReferrals">The most referrals from one fingerprint, this one included, without a finding.</param>
    public ReferralFingerprintVelocity(int maxReferrals)
        : base("referral-fingerprint-velocity", FraudAction.Hold) => MaxReferrals = maxReferrals;

    /// <summary>The most referrals from one fingerprint, this one included, without a finding.</summary>
    public int MaxReferrals { get; init; }

    internal override void Inspect(Referral referral, List<FraudFinding> findings)
    {
        int count = referral.ReferralsFromSameFingerprint + 1;
        if (count > MaxReferrals)
        {
            findings.Add(Finding($"{count} referrals from one fingerprint, above {MaxReferrals}."));
        }
    }

    internal override void Validate(ProgramCheck check, string path, LedgerPolicy ledger)
    {
        base.Validate(check, path, ledger);
        check.Positive(path + ".maxReferrals", MaxReferrals);
    }
}
