namespace Loyalty.Rules;

/// <summary>The figures of an accrual without its items: what the allocation-free path returns.</summary>
/// <param name="Points">The whole points awarded (after rounding and caps).</param>
/// <param name="ExactPoints">The exact points before rounding (including any fraction carried in).</param>
/// <param name="CarriedFraction">What to carry into the member's next accrual (0 unless the program carries fractions).</param>
/// <param name="EligibleSpend">The earning base: the spend that earned, in the program currency.</param>
/// <param name="Capped">Whether a cap reduced the total.</param>
/// <param name="TierCredits">Tier credits earned beside the points (never redeemable); 0 unless the ladder awards them.</param>
public readonly record struct AccrualTotal(Points Points, decimal ExactPoints, decimal CarriedFraction, decimal EligibleSpend, bool Capped, Points TierCredits = default);
