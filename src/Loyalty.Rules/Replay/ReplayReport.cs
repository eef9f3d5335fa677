using System.Collections.Generic;
using System.Collections.Immutable;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>What replaying a history through a program gives: final accounts and tiers, and the program's figures.</summary>
public sealed record ReplayReport
{
    /// <summary>The program replayed.</summary>
    public required string ProgramId { get; init; }

    /// <summary>Its version.</summary>
    public required int ProgramVersion { get; init; }

    /// <summary>The first event's instant (<see cref="Until"/> for an empty history).</summary>
    public required Instant From { get; init; }

    /// <summary>The end of the replay: the start of the local month after the last event, or the instant asked for.</summary>
    public required Instant Until { get; init; }

    /// <summary>The events read.</summary>
    public required long Events { get; init; }

    /// <summary>How the events ended, by status (a status no event had is left out).</summary>
    public required ImmutableSortedDictionary<LedgerStatus, long> Statuses { get; init; }

    /// <summary>The program's liability and lifetime flows at <see cref="Until"/>.</summary>
    public required LiabilityReport Liability { get; init; }

    /// <summary>One row per local month of the program zone, from the first event's month to the last.</summary>
    public required ImmutableArray<ReplayMonth> Months { get; init; }

    /// <summary>
    /// The points each rule gave purchases and activities (an accrual item's exact points, before the transaction's
    /// one rounding; negative for caps), by rule id.
    /// </summary>
    public required ImmutableSortedDictionary<string, decimal> IssuedByRule { get; init; }

    /// <summary>The points referral awards gave (both sides).</summary>
    public required Points ReferralPoints { get; init; }

    /// <summary>What the rewards referral awards issued are worth (a free drink for the referee, ...).</summary>
    public required Money ReferralRewardValue { get; init; }

    /// <summary>The rewards issued (vouchers: catalog redemptions, spend, referral and game rewards).</summary>
    public required long RewardsIssued { get; init; }

    /// <summary>What those rewards are worth.</summary>
    public required Money RewardValue { get; init; }

    /// <summary>Customer-value measures of all members (<see cref="CustomerValue.Group"/> "all").</summary>
    public required CustomerValue AllMembers { get; init; }

    /// <summary>Customer-value measures per final tier (group: the tier id, or "none"), in ladder order.</summary>
    public required ImmutableArray<CustomerValue> ByTier { get; init; }

    /// <summary>Customer-value measures per segment (group: the segment), in ordinal order; a member counts in each of its segments.</summary>
    public required ImmutableArray<CustomerValue> BySegment { get; init; }

    /// <summary>Each member's figures, by member id (ordinal).</summary>
    public required ImmutableArray<ReplayMember> Members { get; init; }

    /// <summary>The final accounts, by member id: taken as of <see cref="Until"/> (what was due then is expired).</summary>
    public required IReadOnlyDictionary<string, MemberAccount> Accounts { get; init; }

    /// <summary>The number of members whose final tier is <paramref name="tierId"/> (null: no tier).</summary>
    /// <param name="tierId">The tier id.</param>
    /// <returns>The count.</returns>
    public int MembersIn(string? tierId)
    {
        foreach (var group in ByTier)
        {
            if (group.Group == (tierId ?? CustomerValue.NoTier))
            {
                return group.Members;
            }
        }

        return 0;
    }
}

/// <summary>One local month of a replay: the points that moved in it and what was owed at its end.</summary>
/// <param name="Month">The month, in the program zone.</param>
/// <param name="Flows">The points that moved in the month, as account totals move (issued, redeemed, expired, ...).</param>
/// <param name="Outstanding">What the members could spend or will be able to at the month's end (<see cref="LiabilityReport.Outstanding"/>).</param>
/// <param name="Held">Points held for review at the month's end.</param>
/// <param name="Liability">What <paramref name="Outstanding"/> was worth.</param>
public sealed record ReplayMonth(YearMonth Month, LedgerTotals Flows, Points Outstanding, Points Held, Money Liability)
{
    /// <summary>Points issued in the month: accrued and adjusted up.</summary>
    public Points Issued => Flows.Accrued + Flows.AdjustedUp;

    /// <summary>Breakage in the month: the points that expired.</summary>
    public Points Breakage => Flows.Expired;
}

/// <summary>One member at the end of a replay.</summary>
public sealed record ReplayMember
{
    /// <summary>The member.</summary>
    public required string MemberId { get; init; }

    /// <summary>The final tier (the ladder's decision at the end; without a ladder the member context's tier); null for none.</summary>
    public required string? TierId { get; init; }

    /// <summary>The outstanding points (available and pending, less any debt) at the end.</summary>
    public required Points Balance { get; init; }

    /// <summary>The lifecycle stage at the end.</summary>
    public required LifecycleStage Stage { get; init; }

    /// <summary>The purchases applied (held ones included).</summary>
    public required int Orders { get; init; }

    /// <summary>What those purchases came to (<see cref="Transaction.AmountDue"/>, before refunds).</summary>
    public required decimal Spend { get; init; }

    /// <summary>The points each rule gave this member, by rule id (ordinal); rules that gave nothing are left out.</summary>
    public required ImmutableArray<RulePoints> ByRule { get; init; }
}

/// <summary>The exact points a rule gave.</summary>
/// <param name="RuleId">The rule.</param>
/// <param name="Points">The points, before the transaction's rounding.</param>
public readonly record struct RulePoints(string RuleId, decimal Points);

/// <summary>Customer-value measures of a group of members, over a replay.</summary>
public sealed record CustomerValue
{
    internal const string NoTier = "none";

    /// <summary>The group: "all", a tier id ("none" for no tier), or a segment.</summary>
    public required string Group { get; init; }

    /// <summary>The members in the group.</summary>
    public required int Members { get; init; }

    /// <summary>Their purchases.</summary>
    public required long Orders { get; init; }

    /// <summary>What the purchases came to.</summary>
    public required Money Spend { get; init; }

    /// <summary>Spend per order, rounded to the currency's minor unit (zero without orders).</summary>
    public required Money AverageOrderValue { get; init; }

    /// <summary>Orders per member over the replay, rounded to two places (zero without members).</summary>
    public required decimal PurchaseFrequency { get; init; }

    /// <summary>The members per lifecycle stage at the end (a stage with none is left out).</summary>
    public required ImmutableSortedDictionary<LifecycleStage, int> Stages { get; init; }

    /// <summary>The lapsed members: dormant at the end (<see cref="LifecyclePolicy.DormantAfterDays"/> without a purchase).</summary>
    public int Lapsed => Stages.GetValueOrDefault(LifecycleStage.Dormant);
}

/// <summary>How far a replay has come.</summary>
/// <param name="Events">The events read so far.</param>
/// <param name="Members">The members seen so far.</param>
/// <param name="At">The instant of the last event read.</param>
public readonly record struct ReplayProgress(long Events, int Members, Instant At);
