namespace Loyalty.Rules;

/// <summary>The figures of an accrual without its items: what the allocation-free path returns.</summary>
public readonly record struct AccrualTotal
{
    internal AccrualTotal(Points points, decimal exactPoints, decimal carriedFraction, decimal eligibleSpend, bool capped, Points tierCredits = default)
    {
        Points = points;
        ExactPoints = exactPoints;
        CarriedFraction = carriedFraction;
        EligibleSpend = eligibleSpend;
        Capped = capped;
        TierCredits = tierCredits;
    }

    /// <summary>The whole points awarded (after rounding and caps).</summary>
    public Points Points { get; internal init; }

    /// <summary>The exact points before rounding (including any fraction carried in).</summary>
    public decimal ExactPoints { get; internal init; }

    /// <summary>What to carry into the member's next accrual (0 unless the program carries fractions).</summary>
    public decimal CarriedFraction { get; internal init; }

    /// <summary>The earning base: the spend that earned, in the program currency.</summary>
    public decimal EligibleSpend { get; internal init; }

    /// <summary>Whether a cap reduced the total.</summary>
    public bool Capped { get; internal init; }

    /// <summary>Tier credits earned beside the points (never redeemable); 0 unless the ladder awards them.</summary>
    public Points TierCredits { get; internal init; }
}
