using System;
using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Linq;
using System.Text.Json.Serialization;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>
/// Every kind of state the account keeps for a feature: one line each here, and one for its JSON type on
/// <see cref="LedgerJson"/> below. Each is declared in its feature's own folder.
/// </summary>
internal static class MemberStateKinds
{
    public static ImmutableArray<MemberStateKind> All { get; } =
    [
        BirthdayRewardState.PaidYear,
        ActivityRuleState.PaidOnce,
        TargetedOfferState.Uses,
        MemberPeriodCapState.Tallies,
        SpendRewardState.Counter,
        DividendState.Spend,
        DividendState.PaidThrough,
        ReferralState.Payments,
        TierState.Track,
        VoucherState.Vouchers,
        ReminderState.Sent,
        GameState.Tallies,
        GameState.Badges,
        StreakState.Tallies,
        GameState.Enrolments,
        TransferState.Given,
        HouseholdState.Pool,
        HouseholdState.Household,
        MergeState.Closed,
        MergeState.Absorbed,
    ];

    /// <summary>The kinds that count earned points.</summary>
    public static ImmutableArray<MemberStateKind> Counting { get; } = [.. All.Where(k => k.Counts)];

    /// <summary>The kinds that forget what the retention window no longer needs.</summary>
    public static ImmutableArray<MemberStateKind> Forgetting { get; } = [.. All.Where(k => k.Forgets)];

    private static readonly FrozenDictionary<string, MemberStateKind> ByName = All.ToFrozenDictionary(k => k.Name, StringComparer.Ordinal);

    /// <summary>The kind stored under a JSON property name, or null.</summary>
    public static MemberStateKind? Named(string name) => ByName.TryGetValue(name, out var kind) ? kind : null;
}

/// <summary>Source-generated JSON for accounts: no reflection, so trimming- and AOT-safe.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault, // a missing property reads as its default: the same account, a third smaller
    Converters = [typeof(InstantJsonConverter), typeof(LocalDateJsonConverter), typeof(AnnualDateJsonConverter)])]
[JsonSerializable(typeof(MemberAccount))]
[JsonSerializable(typeof(int?))] // how each kind of member state above is stored
[JsonSerializable(typeof(decimal))]
[JsonSerializable(typeof(LocalDate?))]
[JsonSerializable(typeof(ImmutableArray<string>))]
[JsonSerializable(typeof(ImmutableArray<OfferUse>))]
[JsonSerializable(typeof(ImmutableArray<DividendSpend>))]
[JsonSerializable(typeof(ImmutableArray<ReferralPayment>))]
[JsonSerializable(typeof(PeriodTallies))]
[JsonSerializable(typeof(TierTrack))]
[JsonSerializable(typeof(ImmutableArray<Voucher>))]
[JsonSerializable(typeof(ImmutableArray<SentReminder>))]
[JsonSerializable(typeof(ImmutableArray<GameTally>))]
[JsonSerializable(typeof(ImmutableArray<EarnedBadge>))]
[JsonSerializable(typeof(ImmutableArray<StreakTally>))]
[JsonSerializable(typeof(ImmutableArray<GameEnrolment>))]
[JsonSerializable(typeof(ImmutableArray<TransferRecord>))]
[JsonSerializable(typeof(HouseholdPool))]
[JsonSerializable(typeof(HouseholdLink))]
[JsonSerializable(typeof(AccountClosure))]
[JsonSerializable(typeof(TransferReceipt))] // the receipts hosts carry between accounts
[JsonSerializable(typeof(MergeReceipt))]
[JsonSerializable(typeof(ImmutableArray<PointLot>))] // format 1's lists, and the values of format 2's columns
[JsonSerializable(typeof(ImmutableArray<RedemptionRecord>))]
[JsonSerializable(typeof(ImmutableArray<BudgetClaim>))]
[JsonSerializable(typeof(ImmutableArray<decimal>))]
[JsonSerializable(typeof(AnnualDate?))]
[JsonSerializable(typeof(Instant?))]
internal sealed partial class LedgerJson : JsonSerializerContext
{
}
