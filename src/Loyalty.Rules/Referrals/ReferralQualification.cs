namespace Loyalty.Rules;

/// <summary>What makes a referral qualify.</summary>
public enum ReferralTrigger
{
    /// <summary>The referee signs up.</summary>
    SignUp,

    /// <summary>The referee's first purchase, if it spends enough within the window.</summary>
    FirstPurchase,

    /// <summary>Any purchase of the referee that spends enough within the window.</summary>
    AnyPurchase,
}

/// <summary>
/// The qualifying event of a referral. For purchases: eligible spend of at least <see cref="MinimumSpend"/> (inclusive),
/// within <see cref="WithinDays"/> of sign-up ("within N days": the whole Nth local day counts, the next does not).
/// </summary>
public sealed record ReferralQualification
{
    private ReferralQualification(ReferralTrigger trigger, decimal minimumSpend, int withinDays)
    {
        Trigger = trigger;
        MinimumSpend = minimumSpend;
        WithinDays = withinDays;
    }

    /// <summary>The referral qualifies when the referee signs up.</summary>
    public static ReferralQualification OnSignUp { get; } = new(ReferralTrigger.SignUp, 0m, 0);

    /// <summary>What qualifies.</summary>
    public ReferralTrigger Trigger { get; }

    /// <summary>The least eligible spend of the qualifying purchase.</summary>
    public decimal MinimumSpend { get; }

    /// <summary>Days after the local date of sign-up in which the purchase must fall.</summary>
    public int WithinDays { get; }

    /// <summary>The referee's first purchase qualifies if it spends at least <paramref name="minimumSpend"/> within <paramref name="withinDays"/> of sign-up.</summary>
    /// <param name="minimumSpend">The least eligible spend.</param>
    /// <param name="withinDays">The window, in local days after sign-up.</param>
    /// <returns>The qualification.</returns>
    public static ReferralQualification FirstPurchase(decimal minimumSpend, int withinDays) => new(ReferralTrigger.FirstPurchase, minimumSpend, withinDays);

    /// <summary>Any purchase of at least <paramref name="minimumSpend"/> within <paramref name="withinDays"/> of sign-up qualifies.</summary>
    /// <param name="minimumSpend">The least eligible spend.</param>
    /// <param name="withinDays">The window, in local days after sign-up.</param>
    /// <returns>The qualification.</returns>
    public static ReferralQualification AnyPurchase(decimal minimumSpend, int withinDays) => new(ReferralTrigger.AnyPurchase, minimumSpend, withinDays);

    internal void Validate(ProgramCheck check, string path)
    {
        if (Trigger != ReferralTrigger.SignUp)
        {
            check.NotNegative(path + ".minimumSpend", MinimumSpend);
            check.Positive(path + ".withinDays", WithinDays);
        }
    }
}
