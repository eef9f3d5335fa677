using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>Lifetime totals of an account, so that every point can be accounted for.</summary>
/// <remarks>
/// Conservation: <c>Accrued + AdjustedUp + TransferredIn + MergedIn = available + pending + held + Redeemed + Expired +
/// Reversed + AdjustedDown + Voided + TransferredOut + TransferFees + MergedOut</c>, where available already counts a
/// debt as negative. Across accounts, every transfer's points leave one account as <see cref="TransferredOut"/> and
/// arrive in another as <see cref="TransferredIn"/> (or come back by a reversal), and a merge's <see cref="MergedOut"/>
/// is the absorbing account's <see cref="MergedIn"/>. <see cref="WrittenOff"/> is a memo of refunded points the
/// program absorbed instead of taking them back: they never left the balance, so they are not on the right side.
/// </remarks>
public sealed record LedgerTotals
{
    /// <summary>Points earned by purchases and activities.</summary>
    public Points Accrued { get; init; }

    /// <summary>Points added by hand.</summary>
    public Points AdjustedUp { get; init; }

    /// <summary>Points taken by hand.</summary>
    public Points AdjustedDown { get; init; }

    /// <summary>Points spent (net of cancelled redemptions).</summary>
    public Points Redeemed { get; init; }

    /// <summary>Points expired.</summary>
    public Points Expired { get; init; }

    /// <summary>Points taken back by refunds (from lots, or as debt).</summary>
    public Points Reversed { get; init; }

    /// <summary>Held points voided after fraud review.</summary>
    public Points Voided { get; init; }

    /// <summary>Refunded points the program absorbed (memo).</summary>
    public Points WrittenOff { get; init; }

    /// <summary>Points given by transfers (to members or a household pool), net of reversed ones.</summary>
    public Points TransferredOut { get; init; }

    /// <summary>Fees paid for transfers, net of reversed ones.</summary>
    public Points TransferFees { get; init; }

    /// <summary>Points received by transfers.</summary>
    public Points TransferredIn { get; init; }

    /// <summary>
    /// What closing the account by a merge moved out: its lots less its debt (negative when the debt was larger), and
    /// the points of the redemptions and transfers that could still be cancelled or reversed (they move to the absorbing
    /// account with their <see cref="Redeemed"/>, <see cref="TransferredOut"/> and <see cref="TransferFees"/>).
    /// </summary>
    public Points MergedOut { get; init; }

    /// <summary>What absorbing closed accounts moved in: their <see cref="MergedOut"/>.</summary>
    public Points MergedIn { get; init; }

    /// <summary>The sum of two totals, field by field (a replay adds up accounts and their changes).</summary>
    internal LedgerTotals Plus(LedgerTotals other) => new()
    {
        Accrued = Accrued + other.Accrued,
        AdjustedUp = AdjustedUp + other.AdjustedUp,
        AdjustedDown = AdjustedDown + other.AdjustedDown,
        Redeemed = Redeemed + other.Redeemed,
        Expired = Expired + other.Expired,
        Reversed = Reversed + other.Reversed,
        Voided = Voided + other.Voided,
        WrittenOff = WrittenOff + other.WrittenOff,
        TransferredOut = TransferredOut + other.TransferredOut,
        TransferFees = TransferFees + other.TransferFees,
        TransferredIn = TransferredIn + other.TransferredIn,
        MergedOut = MergedOut + other.MergedOut,
        MergedIn = MergedIn + other.MergedIn,
    };

    /// <summary>The difference of two totals, field by field: what a step changed.</summary>
    internal LedgerTotals Minus(LedgerTotals other) => new()
    {
        Accrued = Accrued - other.Accrued,
        AdjustedUp = AdjustedUp - other.AdjustedUp,
        AdjustedDown = AdjustedDown - other.AdjustedDown,
        Redeemed = Redeemed - other.Redeemed,
        Expired = Expired - other.Expired,
        Reversed = Reversed - other.Reversed,
        Voided = Voided - other.Voided,
        WrittenOff = WrittenOff - other.WrittenOff,
        TransferredOut = TransferredOut - other.TransferredOut,
        TransferFees = TransferFees - other.TransferFees,
        TransferredIn = TransferredIn - other.TransferredIn,
        MergedOut = MergedOut - other.MergedOut,
        MergedIn = MergedIn - other.MergedIn,
    };
}

/// <summary>A purchase the account remembers for later refunds (within the refund window).</summary>
internal sealed record PurchaseRecord
{
    /// <summary>The transaction id.</summary>
    public required string TransactionId { get; init; }

    /// <summary>When it happened.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)] // required: written even when it is the default
    public required Instant At { get; init; }

    /// <summary>The program version that awarded it (a refund re-evaluates with the same).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)] // required: written even when it is the default
    public required int ProgramVersion { get; init; }

    /// <summary>Points it awarded.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)] // required: written even when it is the default
    public required long Awarded { get; init; }

    /// <summary>Points refunds have taken back (or written off) so far.</summary>
    public long Reversed { get; init; }

    /// <summary>The member's tier then.</summary>
    public string? TierId { get; init; }

    /// <summary>Whether it was the member's first purchase.</summary>
    public bool WasFirstPurchase { get; init; }

    /// <summary>The member's segments then.</summary>
    [JsonIgnore]
    public ImmutableArray<string> Segments { get; init; } = [];

    /// <summary>The stored form of <see cref="Segments"/>: none is not written.</summary>
    [JsonInclude]
    [JsonPropertyName("segments")]
    internal ImmutableArray<string> StoredSegments { get => Segments.IsEmpty ? default : Segments; init => Segments = value.IsDefault ? [] : value; }

    /// <summary>The member's enrolment date then (tenure), or null.</summary>
    public LocalDate? EnrolledOn { get; init; }

    /// <summary>The member's birthday then, or null.</summary>
    public AnnualDate? Birthday { get; init; }

    /// <summary>The birthday year whose once-a-year points the member had before it, or null.</summary>
    public int? BirthdayRewardYearBefore { get; init; }

    /// <summary>The birthday year whose once-a-year points it paid, or null.</summary>
    public int? PaidBirthdayYear { get; init; }

    /// <summary>Whether its points wait for fraud review: until released it counts toward nothing (tiers, rewards, dividends).</summary>
    public bool Held { get; init; }

    /// <summary>Whether its held points were voided: it never counted, and a refund has nothing to take back.</summary>
    public bool Voided { get; init; }

    /// <summary>Whether it was a dormant member's first purchase back.</summary>
    public bool WasReactivation { get; init; }

    /// <summary>The decided budget claims it used (a refund keeps at most what was granted).</summary>
    [JsonIgnore]
    public ImmutableArray<BudgetClaim> Grants { get; init; } = [];

    /// <summary>The stored form of <see cref="Grants"/>: none is not written.</summary>
    [JsonInclude]
    [JsonPropertyName("grants")]
    internal ImmutableArray<BudgetClaim> StoredGrants { get => Grants.IsEmpty ? default : Grants; init => Grants = value.IsDefault ? [] : value; }

    /// <summary>The fraction carried into it.</summary>
    public decimal CarriedIn { get; init; }

    /// <summary>The eligible spend it still counts toward automatic rewards.</summary>
    public decimal CountedSpend { get; init; }

    /// <summary>The tier credits it still counts toward tiers.</summary>
    public long TierCredits { get; init; }

    /// <summary>Quantities returned so far, per line of the transaction.</summary>
    public ImmutableArray<decimal> Returned { get; init; } = [];

    /// <summary>A hash of the purchase as applied: a refund must name the same transaction, content and all.</summary>
    public string Fingerprint { get; init; } = "";

    /// <summary>Nothing returned yet from <paramref name="lines"/> lines (shared arrays for the usual lengths: immutable, so one will do).</summary>
    internal static ImmutableArray<decimal> NothingReturned(int lines) => lines < Zeros.Length ? Zeros[lines] : ImmutableArray.Create(new decimal[lines]);

    private static readonly ImmutableArray<decimal>[] Zeros = [.. Enumerable.Range(0, 32).Select(n => ImmutableArray.Create(new decimal[n]))];

    /// <inheritdoc />
    public bool Equals(PurchaseRecord? other)
        => other is not null && TransactionId == other.TransactionId && At == other.At && ProgramVersion == other.ProgramVersion
           && Awarded == other.Awarded && Reversed == other.Reversed && TierId == other.TierId && WasFirstPurchase == other.WasFirstPurchase
           && Segments.SequenceEqual(other.Segments) && EnrolledOn == other.EnrolledOn && Birthday == other.Birthday
           && BirthdayRewardYearBefore == other.BirthdayRewardYearBefore && Held == other.Held && Voided == other.Voided && PaidBirthdayYear == other.PaidBirthdayYear && WasReactivation == other.WasReactivation && Grants.SequenceEqual(other.Grants)
           && CarriedIn == other.CarriedIn && CountedSpend == other.CountedSpend && TierCredits == other.TierCredits
           && Returned.SequenceEqual(other.Returned) && Fingerprint == other.Fingerprint;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(TransactionId, At, Awarded, Reversed);
}

/// <summary>A redemption the account remembers so it can be cancelled: the lots it took from, as they were.</summary>
internal sealed record RedemptionRecord
{
    /// <summary>The redemption id.</summary>
    public required string Id { get; init; }

    /// <summary>When it happened.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)] // required: written even when it is the default
    public required Instant At { get; init; }

    /// <summary>The points it took from each lot (<see cref="PointLot.Remaining"/> holds the points taken).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)] // required: written even when it is the default
    public required ImmutableArray<PointLot> Taken { get; init; }

    /// <summary>The cause of a donation, or null (a donation cannot be cancelled).</summary>
    public string? Cause { get; init; }

    /// <inheritdoc />
    public bool Equals(RedemptionRecord? other) => other is not null && Id == other.Id && At == other.At && Taken.SequenceEqual(other.Taken) && Cause == other.Cause;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, At);
}

/// <summary>An event id the account remembers, with a fingerprint of its content (same id, other content: a conflict).</summary>
/// <param name="Id">The event id.</param>
/// <param name="Fingerprint">A hash of the event's content.</param>
/// <param name="At">When the event happened.</param>
/// <param name="Kind">What kind of event it was (fraud checks count purchases and redemptions by it).</param>
/// <param name="Points">The points it earned (purchases, activities, referral awards) or spent (redemptions).</param>
internal sealed record AppliedEvent(string Id, string Fingerprint, Instant At, LedgerEventKind Kind = LedgerEventKind.Purchase, long Points = 0)
{
    private readonly int idHash = Id.GetHashCode(StringComparison.Ordinal);

    /// <summary>Whether this is the event of id <paramref name="id"/>, whose hash is <paramref name="hash"/>: the hashes first (no string read for most).</summary>
    public bool Is(string id, int hash) => idHash == hash && string.Equals(Id, id, StringComparison.Ordinal);
}

/// <summary>A named reward (not points) held for fraud review; issued when released.</summary>
/// <param name="EventId">The event that earned it.</param>
/// <param name="Name">The reward.</param>
/// <param name="Value">What it is worth to the program.</param>
/// <param name="ReviewBy">The review deadline, or null when the program sets none.</param>
/// <param name="RuleId">The referral rule that earned it (the voucher's reward id), or null for an account of before vouchers.</param>
/// <param name="ValidForDays">How many days its voucher is valid, or null for no end.</param>
internal sealed record HeldReward(string EventId, string Name, decimal Value, Instant? ReviewBy, string? RuleId = null, int? ValidForDays = null);

/// <summary>
/// What the last pass over an account's windows left: lower bounds of the remembered purchases' and redemptions'
/// instants, and of the applied events' from <see cref="Through"/> on (null: unknown, look), the retention start up to
/// which every remaining applied event was found referred to, and how many lots, redemptions and held rewards the lists
/// had removed then (a removal can leave an old id unreferred); and the earliest instant a lot not yet matured becomes
/// available (null: unknown, look); and whether the applied events are in the order of their instants (null: unknown),
/// so the pass finds the ids leaving the window by bisection instead of reading them all.
/// </summary>
internal record struct Pruning(Instant Through, Instant? AppliedFloor, Instant? PurchaseFloor, Instant? RedemptionFloor, int Removals, Instant? Matures = null, bool? AppliedInOrder = null);

/// <summary>The balances of an account at an instant.</summary>
/// <param name="Available">Spendable points (negative when the member owes a debt).</param>
/// <param name="Pending">Points still in their pending period.</param>
/// <param name="Held">Points held for fraud review.</param>
public readonly record struct AccountBalance(Points Available, Points Pending, Points Held = default)
{
    /// <summary>The balances of lots (in two spans) and a debt at <paramref name="asOf"/>.</summary>
    internal static AccountBalance Of(ReadOnlySpan<PointLot> first, ReadOnlySpan<PointLot> then, long debt, Instant asOf)
    {
        long available = -debt, pending = 0, held = 0;
        Add(first, asOf, ref available, ref pending, ref held);
        Add(then, asOf, ref available, ref pending, ref held);
        return new AccountBalance(available, pending, held);

        static void Add(ReadOnlySpan<PointLot> lots, Instant asOf, ref long available, ref long pending, ref long held)
        {
            foreach (var lot in lots)
            {
                if (lot.IsHeld)
                {
                    held = checked(held + lot.Remaining.Value);
                }
                else if (lot.IsAvailableAt(asOf))
                {
                    available = checked(available + lot.Remaining.Value);
                }
                else
                {
                    pending = checked(pending + lot.Remaining.Value);
                }
            }
        }
    }
}

/// <summary>
/// A member's points account: immutable, JSON-serializable (<see cref="ToJson"/>), stored by the host wherever it
/// likes. It stays bounded: lots leave when empty; event ids, purchases and redemptions are kept only for the
/// program's retention and refund windows (and event ids as long as a live lot refers to them). A host store
/// should also keep a unique key on ledger entry ids to catch anything older.
/// </summary>
public sealed record MemberAccount
{
    /// <summary>The format of the stored account (0 for accounts stored before the field existed, read as format 1).</summary>
    [JsonInclude]
    internal int FormatVersion { get; init; } = AccountIntegrity.FormatVersion;

    /// <summary>The member.</summary>
    [JsonInclude]
    public string MemberId { get; internal init; } = "";

    /// <summary>The lots with points remaining, in spending order: soonest expiry first (never last), then earliest earned.</summary>
    [JsonIgnore] // stored as a table (StoredLots)
    public ImmutableArray<PointLot> Lots
    {
        get
        {
            var lots = lotArray;
            if (lots.IsDefault)
            {
                lotArray = lots = LotList.ToImmutableArray(); // made when first asked: the ledger works on the list
            }

            return lots;
        }

        internal init => (LotList, lotArray) = (AccountList<PointLot>.Of(value), value.IsDefault ? [] : value);
    }

    /// <summary>The lots as the ledger keeps them (sharing a buffer with the account they came from).</summary>
    [JsonIgnore]
    internal AccountList<PointLot> LotList
    {
        get;
        init => (field, lotArray) = (value, default);
    }

    private ImmutableArray<PointLot> lotArray;

    /// <summary>Points the member owes after refunds (only under <see cref="RefundShortfall.Debt"/>).</summary>
    [JsonInclude]
    public Points Debt { get; internal init; }

    /// <summary>Lifetime totals.</summary>
    [JsonInclude]
    public LedgerTotals Totals { get; internal init; } = new();

    /// <summary>The last earning or redeeming, for inactivity expiry; null before any.</summary>
    [JsonInclude]
    internal Instant? LastActivityAt { get; init; }

    /// <summary>The last purchase, or null before any (lifecycle stages).</summary>
    [JsonInclude]
    internal Instant? LastPurchaseAt { get; init; }

    /// <summary>The last purchase that came back from dormancy, or null.</summary>
    [JsonInclude]
    internal Instant? ReactivatedAt { get; init; }

    /// <summary>Whether the member has made a purchase (the next one is not a first purchase).</summary>
    [JsonInclude]
    public bool HasPurchased { get; internal init; }

    /// <summary>The rounding fraction to carry into the next accrual.</summary>
    [JsonInclude]
    internal decimal CarriedFraction { get; init; }

    /// <summary>Recently applied event ids.</summary>
    [JsonIgnore]
    internal AccountList<AppliedEvent> AppliedEvents { get; init; }

    /// <summary>Purchases inside the refund window.</summary>
    [JsonIgnore]
    internal AccountList<PurchaseRecord> Purchases { get; init; }

    /// <summary>Redemptions that can still be cancelled.</summary>
    [JsonIgnore]
    internal AccountList<RedemptionRecord> Redemptions { get; init; }

    /// <summary>Named rewards held for fraud review.</summary>
    [JsonIgnore]
    internal AccountList<HeldReward> HeldRewards { get; init; }

    // The stored forms of the lists above: column tables (AccountTables), empty ones left out; format 1's arrays of
    // objects are read as well (appliedEvents and purchases were two arrays then, one table of events now). The
    // generated reader sets every init property, those the JSON lacks to their default: a default sets nothing.
    [JsonInclude]
    [JsonPropertyName("lots")]
    [JsonConverter(typeof(LotTableConverter))]
    internal AccountList<PointLot> StoredLots { get => LotList.IsEmpty ? default : LotList; init => LotList = value; }

    [JsonInclude]
    [JsonPropertyName("events")]
    [JsonConverter(typeof(RememberedEventsConverter))]
    internal RememberedEvents StoredEvents
    {
        get => new(AppliedEvents, Purchases);
        init
        {
            if (value != default)
            {
                (AppliedEvents, Purchases) = (value.Applied, value.Purchases);
            }
        }
    }

    [JsonInclude]
    [JsonPropertyName("appliedEvents")]
    internal ImmutableArray<AppliedEvent> Format1AppliedEvents
    {
        get => default;
        init
        {
            if (!value.IsDefault)
            {
                AppliedEvents = AccountList<AppliedEvent>.Of(value);
            }
        }
    }

    [JsonInclude]
    [JsonPropertyName("purchases")]
    internal ImmutableArray<PurchaseRecord> Format1Purchases
    {
        get => default;
        init
        {
            if (!value.IsDefault)
            {
                Purchases = AccountList<PurchaseRecord>.Of(value);
            }
        }
    }

    [JsonInclude]
    [JsonPropertyName("redemptions")]
    [JsonConverter(typeof(RedemptionTableConverter))]
    internal AccountList<RedemptionRecord> StoredRedemptions { get => Redemptions.IsEmpty ? default : Redemptions; init => Redemptions = value; }

    [JsonInclude]
    [JsonPropertyName("heldRewards")]
    internal ImmutableArray<HeldReward> StoredHeldRewards { get => HeldRewards.IsEmpty ? default : HeldRewards.ToImmutableArray(); init => HeldRewards = AccountList<HeldReward>.Of(value); }

    /// <summary>The member's vouchers, in the order issued: every issued one, and used, expired and voided ones for the retention window.</summary>
    [JsonIgnore]
    [JsonPropertyName("(vouchers)")] // an ignored property keeps its name from the extension data: the state stores "vouchers"
    public ImmutableArray<Voucher> Vouchers => State.Get(VoucherState.Vouchers);

    /// <summary>The badges the member earned (<see cref="GameReward.BadgeId"/>), in the order earned.</summary>
    [JsonIgnore]
    [JsonPropertyName("(badges)")] // as Vouchers: the state stores "badges"
    public ImmutableArray<EarnedBadge> Badges => State.Get(GameState.Badges);

    /// <summary>
    /// For an account closed by a merge (<see cref="AccountClosureEvent"/>), the member id of the account that absorbed
    /// it: route the closed account's later events there (that account takes them); else null.
    /// </summary>
    [JsonIgnore]
    public string? MergedInto => State.Get(MergeState.Closed)?.IntoMemberId;

    /// <summary>What the account keeps for its features (offer uses, period tallies, ...): each feature declares its own in its folder.</summary>
    [JsonIgnore]
    internal MemberState State { get; init; } = MemberState.Empty;

    /// <summary>
    /// The stored form of <see cref="State"/>: flat properties beside the ones above, each under its feature's name. Read
    /// into <see cref="State"/> on load; what no feature names is kept here and written back unchanged.
    /// </summary>
    [JsonExtensionData]
    [JsonInclude]
    internal Dictionary<string, JsonElement>? Stored { get; set; } // settable: the serializer fills extension data after construction; only FromJson and ToJson touch it

    /// <summary>What the ledger knows of its last pass over the windows (not stored; used only while <see cref="IsChecked"/>).</summary>
    [JsonIgnore]
    internal Pruning Pruned { get; init; }

    /// <summary>A new, empty account.</summary>
    /// <param name="memberId">The member.</param>
    /// <returns>The account.</returns>
    public static MemberAccount Open(string memberId) => new MemberAccount { MemberId = Preconditions.Id(memberId, nameof(memberId)) }.Checked();

    /// <summary>
    /// This very instance, once its invariants are known to hold (opened, loaded by <see cref="FromJson"/>, or written
    /// by the ledger). A <c>with</c> copy carries the reference to the original, not to itself, so any account changed
    /// by hand is checked again before the ledger touches it.
    /// </summary>
    private MemberAccount? checkedSelf;

    /// <summary>Whether the invariants are known to hold for this instance (see <see cref="Checked"/>).</summary>
    internal bool IsChecked => ReferenceEquals(checkedSelf, this);

    /// <summary>Marks this instance as known to satisfy the invariants; returns it.</summary>
    internal MemberAccount Checked()
    {
        checkedSelf = this;
        return this;
    }

    /// <summary>The balances at an instant: spendable (less any debt), pending and held for review.</summary>
    /// <param name="asOf">The instant.</param>
    /// <returns>The balances.</returns>
    public AccountBalance BalanceAt(Instant asOf) => AccountBalance.Of(LotList.Span, default, Debt.Value, asOf);

    /// <inheritdoc />
    public bool Equals(MemberAccount? other)
        => other is not null && MemberId == other.MemberId && LotList.Equals(other.LotList) && Debt == other.Debt
           && Totals == other.Totals && LastActivityAt == other.LastActivityAt && HasPurchased == other.HasPurchased
           && CarriedFraction == other.CarriedFraction && State.Equals(other.State)
           && LastPurchaseAt == other.LastPurchaseAt && ReactivatedAt == other.ReactivatedAt
           && AppliedEvents.Equals(other.AppliedEvents) && Purchases.Equals(other.Purchases)
           && Redemptions.Equals(other.Redemptions) && HeldRewards.Equals(other.HeldRewards);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(MemberId, LotList.Count, Debt, Totals);

    /// <summary>The account as JSON (instants in ISO-8601), for the host to store.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this with { Stored = State.Write(Stored), FormatVersion = AccountIntegrity.FormatVersion }, LedgerJson.Default.MemberAccount);

    /// <summary>Reads an account written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The account.</returns>
    /// <exception cref="System.Text.Json.JsonException">
    /// The text is not an account, or it breaks an account's invariants (a lot with more points left than it had, totals
    /// that do not account for the lots, ...: an account tampered with); the message gives the JSON path and the reason.
    /// </exception>
    public static MemberAccount FromJson(string json)
    {
        var account = (JsonSerializer.Deserialize(json, LedgerJson.Default.MemberAccount)
            ?? throw new JsonException("$: an account is required, not null.")).WithDefaults();
        return AccountIntegrity.Problem(account) is { } problem ? throw new JsonException($"$.{StoredPath(problem.Path, account.FormatVersion)}: {problem.Reason}") : account.Checked();
    }

    /// <summary>Where a field of the account's model is in its JSON: format 2 stores lots as a table (<c>lots[3].remaining</c> is <c>lots.remaining[3]</c>).</summary>
    private static string StoredPath(string path, int format)
    {
        if (format < 2 || !path.StartsWith("lots[", StringComparison.Ordinal))
        {
            return path;
        }

        int close = path.IndexOf(']', StringComparison.Ordinal);
        string field = close + 2 < path.Length ? path[(close + 2)..] : "id";
        return $"lots.{field}{path[4..(close + 1)]}";
    }

    /// <summary>
    /// The account with what its JSON did not hold set to the defaults of a new account (the source-generated reader
    /// leaves them null): an account stored before a field existed loads as if that field were empty.
    /// </summary>
    private MemberAccount WithDefaults() => this with
    {
        Totals = Totals ?? new(),
        FormatVersion = FormatVersion == 0 ? 1 : FormatVersion,
        State = MemberState.Read(Stored, out var unknown),
        Stored = unknown,
        Pruned = Pruned with { Matures = EarliestMaturity(LotList.Span) },
    };

    /// <summary>The earliest instant a lot not yet matured becomes available (the ledger looks at maturity only from then on), or the end of time.</summary>
    private static Instant EarliestMaturity(ReadOnlySpan<PointLot> lots)
    {
        var earliest = Instant.MaxValue;
        foreach (var lot in lots)
        {
            if (lot is { Matured: false } && lot.AvailableAt < earliest)
            {
                earliest = lot.AvailableAt;
            }
        }

        return earliest;
    }

}
