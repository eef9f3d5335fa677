using System.Collections.Immutable;
using System.Text.Json.Serialization;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>Activity that counts toward tiers: what one event adds to each metric.</summary>
public sealed record QualifyingActivity
{
    /// <summary>When it happened.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)] // required: written even when it is the default
    public required Instant At { get; init; }

    /// <summary>Qualifying spend.</summary>
    public decimal Spend { get; init; }

    /// <summary>Points earned (never the spendable balance: redeeming costs no tier).</summary>
    public Points Points { get; init; }

    /// <summary>Purchases (usually 1 for a purchase).</summary>
    public int Transactions { get; init; }

    /// <summary>Nights.</summary>
    public int Nights { get; init; }

    /// <summary>Qualified referrals.</summary>
    public int Referrals { get; init; }

    /// <summary>Tier credits earned.</summary>
    public Points TierCredits { get; init; }

    /// <summary>A purchase's qualifying activity, from its accrual result.</summary>
    /// <param name="at">When.</param>
    /// <param name="accrual">The purchase's accrual.</param>
    /// <returns>The activity.</returns>
    public static QualifyingActivity FromPurchase(Instant at, AccrualResult accrual)
        => new() { At = at, Spend = Preconditions.NotNull(accrual, nameof(accrual)).EligibleSpend.Amount, Points = accrual.Total.Value, Transactions = 1, TierCredits = accrual.TierCredits.Value };
}

/// <summary>How a tier set by hand (customer service) behaves. Never silently something else.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<TierOverrideKind>))]
public enum TierOverrideKind
{
    /// <summary>The member never falls below this tier (until <see cref="TierOverride.Until"/>, if set).</summary>
    Floor,

    /// <summary>The member holds exactly this tier until <see cref="TierOverride.Until"/>; then normal evaluation resumes.</summary>
    FixedUntil,

    /// <summary>The member is put in this tier now; normal evaluation may later move them, as for an earned tier.</summary>
    OneOff,
}

/// <summary>A tier set by hand.</summary>
public sealed record TierOverride
{
    /// <summary>The tier.</summary>
    public required string TierId { get; init; }

    /// <summary>How it behaves.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)] // required: written even when it is the default
    public required TierOverrideKind Kind { get; init; }

    /// <summary>When it was set.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)] // required: written even when it is the default
    public required Instant SetAt { get; init; }

    /// <summary>When it ends (required for <see cref="TierOverrideKind.FixedUntil"/>); null for no end.</summary>
    public Instant? Until { get; init; }
}

/// <summary>What a tier decision needs besides the activity: enrolment, a paid membership, a tier set by hand.</summary>
public sealed record TierStatus
{
    /// <summary>The local date of enrolment (membership years start on its anniversary).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)] // required: written even when it is the default
    public required LocalDate EnrolledOn { get; init; }

    /// <summary>
    /// A bought membership tier, a floor under the earned tier from <see cref="PaidFrom"/> until <see cref="PaidUntil"/>;
    /// or null. Set alone, it holds from enrolment with no end.
    /// </summary>
    public string? PaidTierId { get; init; }

    /// <summary>When the paid membership was bought (it counts from then); null for from enrolment.</summary>
    public Instant? PaidFrom { get; init; }

    /// <summary>When the paid membership ends (exclusive); null for no end.</summary>
    public Instant? PaidUntil { get; init; }

    /// <summary>A tier set by hand, or null.</summary>
    public TierOverride? Override { get; init; }
}

/// <summary>How far the member is from the next tier, per metric, and by when.</summary>
/// <param name="NextTierId">The next tier, or null at the top.</param>
/// <param name="Missing">What is missing per metric (only metrics not yet met).</param>
/// <param name="WindowEnds">The last local date of the current window.</param>
public sealed record TierProgress(string? NextTierId, ImmutableDictionary<TierMetric, decimal> Missing, LocalDate WindowEnds);

/// <summary>A tier decision at an instant, with its reason.</summary>
/// <param name="TierId">The member's tier.</param>
/// <param name="Since">When the member entered that tier.</param>
/// <param name="SecuredUntil">The tier cannot be lost before this instant (null: no earned tier to lose).</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="Progress">The way to the next tier.</param>
/// <param name="Benefits">The tier's benefits.</param>
public sealed record TierDecision(string TierId, Instant Since, Instant? SecuredUntil, string Reason, TierProgress Progress, TierDefinition Benefits)
{
    /// <summary>Whether the tier is earned, paid or set by hand.</summary>
    internal TierSource Source { get; init; }
}
