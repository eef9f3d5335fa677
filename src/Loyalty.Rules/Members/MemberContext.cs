using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Linq;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>
/// What a rule may read about the member at the moment of an event. The host supplies it; the library
/// stores nothing. Before a ledger account exists this is the whole member view: tier, first-purchase flag
/// and the fraction carried from earlier rounding.
/// </summary>
public sealed class MemberContext
{
    /// <summary>Creates a member context and checks it.</summary>
    /// <param name="memberId">The member id; must match the evaluated event's member id.</param>
    /// <param name="tierId">The member's current tier id, or null for none; must be a tier the program declares.</param>
    /// <param name="isFirstPurchase">True when the evaluated purchase is the member's first.</param>
    /// <param name="enrolledOn">The local date of enrolment, or null.</param>
    /// <param name="birthday">The birthday, or null.</param>
    /// <param name="segments">Segment tags the host assigns; matched ordinally.</param>
    /// <param name="carriedFraction">
    /// The fraction returned as <see cref="AccrualResult.CarriedFraction"/> by the member's previous
    /// accrual, for programs that carry fractions; strictly between -1 and 1.
    /// </param>
    /// <param name="isReactivation">Whether the evaluated purchase is a dormant member's first back (the processor sets it from the account).</param>
    /// <param name="paidOnceRules">The once-per-member activity rules already paid (the account records them).</param>
    /// <param name="birthdayRewardYear">The birthday year whose once-a-year <see cref="BirthdayReward"/> points the member
    /// already has, or null (the ledger's account records it; the processor fills it in).</param>
    /// <param name="offerUses">The member's uses of limited offers (the account records them; the processor fills them in).</param>
    /// <param name="periodTallies">The points the member earned in each period of the program's <see cref="MemberPeriodCap"/>s
    /// (the account records them; the processor fills them in), or null for none.</param>
    /// <exception cref="ArgumentException">A field is missing or out of range; the message names it.</exception>
    public MemberContext(
        string memberId,
        string? tierId = null,
        bool isFirstPurchase = false,
        LocalDate? enrolledOn = null,
        AnnualDate? birthday = null,
        IEnumerable<string>? segments = null,
        decimal carriedFraction = 0m,
        int? birthdayRewardYear = null,
        IEnumerable<string>? paidOnceRules = null,
        bool isReactivation = false,
        IEnumerable<OfferUse>? offerUses = null,
        PeriodTallies? periodTallies = null)
    {
        State = MemberState.Empty
            .With(BirthdayRewardState.PaidYear, birthdayRewardYear)
            .With(ActivityRuleState.PaidOnce, paidOnceRules is null ? [] : [.. paidOnceRules.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)])
            .With(TargetedOfferState.Uses, offerUses is null ? [] : [.. offerUses])
            .With(MemberPeriodCapState.Tallies, periodTallies ?? PeriodTallies.Empty);
        IsReactivation = isReactivation;
        MemberId = Preconditions.Id(memberId, nameof(memberId));
        if (tierId is not null)
        {
            Preconditions.Id(tierId, nameof(tierId));
        }

        if (carriedFraction <= -1m || carriedFraction >= 1m)
        {
            throw Preconditions.OutOfRange(nameof(carriedFraction), carriedFraction, "must be strictly between -1 and 1.");
        }

        TierId = tierId;
        IsFirstPurchase = isFirstPurchase;
        EnrolledOn = enrolledOn;
        Birthday = birthday;
        Segments = segments is null ? FrozenSet<string>.Empty : segments.Select((s, i) => Preconditions.Id(s, $"segments[{i}]")).ToFrozenSet(StringComparer.Ordinal);
        CarriedFraction = carriedFraction;
    }

    /// <summary>The member id.</summary>
    public string MemberId { get; }

    /// <summary>The current tier id, or null.</summary>
    public string? TierId { get; }

    /// <summary>True when the evaluated purchase is the member's first.</summary>
    public bool IsFirstPurchase { get; }

    /// <summary>The local date of enrolment, or null.</summary>
    public LocalDate? EnrolledOn { get; }

    /// <summary>The birthday, or null.</summary>
    public AnnualDate? Birthday { get; }

    /// <summary>Segment tags (ordinal set).</summary>
    public IReadOnlySet<string> Segments { get; }

    /// <summary>Whether the evaluated purchase is a dormant member's first back.</summary>
    public bool IsReactivation { get; }

    /// <summary>The fraction carried from earlier rounding.</summary>
    public decimal CarriedFraction { get; }

    /// <summary>What the account keeps for the program's features (offer uses, period tallies, the birthday year, ...).</summary>
    internal MemberState State { get; }

    /// <summary>The view of a member with an account: the host's facts, and the account's.</summary>
    internal MemberContext(MemberContext host, string? tierId, bool isFirstPurchase, decimal carriedFraction, bool isReactivation, MemberState state)
    {
        MemberId = host.MemberId;
        TierId = tierId;
        EnrolledOn = host.EnrolledOn;
        Birthday = host.Birthday;
        Segments = host.Segments;
        IsFirstPurchase = isFirstPurchase;
        CarriedFraction = carriedFraction;
        IsReactivation = isReactivation;
        State = state;
    }
}
