using System.Globalization;

namespace Loyalty.Rules;

/// <summary>What kind of step produced an accrual item.</summary>
public enum AccrualItemKind
{
    /// <summary>A rate on spend (points per currency unit).</summary>
    Earn,

    /// <summary>A fixed bonus (threshold, conditional, first purchase, activity).</summary>
    Bonus,

    /// <summary>A multiplier (campaign or tier accelerator); <see cref="AccrualItem.Factor"/> holds the factor.</summary>
    Multiplier,

    /// <summary>An additive percentage of the rate-earned points.</summary>
    Percentage,

    /// <summary>A fraction carried in from the member's previous accrual.</summary>
    CarriedIn,

    /// <summary>What rounding added (positive) or dropped (negative).</summary>
    Rounding,

    /// <summary>What a cap took away (negative).</summary>
    Cap,

    /// <summary>Tier credits (not points): listed in <see cref="AccrualResult.TierCreditItems"/>, apart from the points.</summary>
    TierCredit,
}

/// <summary>
/// One step that acted on an accrual, with the points it added (exact, before rounding). The items of a result
/// add up to its total: rounding and caps are items too.
/// </summary>
public readonly record struct AccrualItem
{
    internal AccrualItem(string ruleId, AccrualItemKind kind, decimal points, decimal? factor, string reason)
    {
        RuleId = ruleId;
        Kind = kind;
        Points = points;
        Factor = factor;
        Reason = reason;
    }

    /// <summary>The id of the rule or modifier; "rounding" or "carried-in" for those items.</summary>
    public string RuleId { get; internal init; }

    /// <summary>What kind of step it was.</summary>
    public AccrualItemKind Kind { get; internal init; }

    /// <summary>The points it added (negative for rounding down or a cap).</summary>
    public decimal Points { get; internal init; }

    /// <summary>For a multiplier, its factor; otherwise null.</summary>
    public decimal? Factor { get; internal init; }

    /// <summary>A short reason a customer-service agent can read out.</summary>
    public string Reason { get; internal init; }

    /// <summary>
    /// Who funds these points when it is not the program's own brand (a partner of a coalition, from the rule's
    /// <see cref="EarnPolicy.FundedBy"/>); null when the program funds them. Brands settle with each other from it.
    /// </summary>
    public string? FundedBy { get; init; }

    /// <inheritdoc />
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"{RuleId}: {(Points >= 0 ? "+" : "")}{Points} ({Reason}){(FundedBy is null ? "" : $" [funded by {FundedBy}]")}");
}
