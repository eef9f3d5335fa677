namespace Loyalty.Rules;

/// <summary>What a fingerprint identifies.</summary>
public enum FingerprintKind
{
    /// <summary>An e-mail address.</summary>
    Email,

    /// <summary>A phone number.</summary>
    Phone,

    /// <summary>A device.</summary>
    Device,

    /// <summary>A payment instrument (card, wallet).</summary>
    PaymentInstrument,

    /// <summary>A postal address.</summary>
    Address,

    /// <summary>An IP address (often shared by a real household).</summary>
    IpAddress,
}

/// <summary>
/// A hashed fingerprint of something that identifies a member. The host hashes (and salts) the raw value; the library
/// never sees personal data, only compares hashes ordinally.
/// </summary>
/// <param name="Kind">What it identifies.</param>
/// <param name="Hash">The host's hash of it.</param>
public sealed record MemberFingerprint(FingerprintKind Kind, string Hash);
