using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>
/// A working copy of one account while one event is applied, with the primitives every operation uses (lots in
/// spending order, entries, totals, debt, the applied ids); becomes an immutable account again in
/// <see cref="ToAccount"/>. An event that is rejected leaves no trace: its draft is dropped. Each operation is a
/// part of this class in its own file beside this one.
/// </summary>
internal sealed partial class AccountDraft
{
    private const string AccrualRule = "accrual";

    private readonly LoyaltyProgram program;
    private readonly MemberAccount account;
    private readonly string eventId;
    private readonly Instant at;
    private readonly DateTimeZone zone;
    private readonly List<PointLot> lots;
    private readonly List<PurchaseRecord> purchases;
    private readonly List<RedemptionRecord> redemptions;
    private readonly List<HeldReward> heldRewards;
    private readonly List<LedgerEntry> entries = [];
    private LedgerTotals totals;
    private long debt;
    private Instant? lastActivity;
    private bool hasPurchased;
    private decimal carried;
    private Instant? lastPurchase;
    private Instant? reactivatedAt;
    private ImmutableArray<AppliedEvent> applied;
    private MemberState state;
    private int numbered;

    public AccountDraft(LoyaltyProgram program, MemberAccount account, string eventId, Instant at)
    {
        if (!account.IsChecked && AccountIntegrity.Problem(account) is { } problem)
        {
            throw Preconditions.Invalid("account." + problem.Path, problem.Reason); // an account changed by hand (a with copy)
        }

        this.program = program;
        this.account = account;
        this.eventId = eventId;
        this.at = at;
        zone = program.TimeZone;
        lots = [.. account.Lots];
        if (!account.IsChecked && !IsInSpendingOrder(lots))
        {
            lots.Sort(SpendingOrder); // accounts this library writes are always in order; one built by hand may not be
        }

        purchases = [.. account.Purchases];
        redemptions = [.. account.Redemptions];
        heldRewards = [.. account.HeldRewards];
        totals = account.Totals;
        debt = account.Debt.Value;
        lastActivity = account.LastActivityAt;
        hasPurchased = account.HasPurchased;
        carried = account.CarriedFraction;
        lastPurchase = account.LastPurchaseAt;
        reactivatedAt = account.ReactivatedAt;
        applied = account.AppliedEvents;
        state = account.State;
    }

    public ImmutableArray<LedgerEntry> Entries => [.. entries];

    /// <summary>After a refund: what it takes back from tier qualification; after a released purchase: what it adds.</summary>
    public QualifyingActivity? Qualifying { get; private set; }

    /// <summary>The member view the evaluator sees: first purchase, carried fraction and (when the host names none) the tier from the account.</summary>
    public MemberContext View(MemberContext member)
        => new(member, TierBefore(member), !hasPurchased, carried, program.Lifecycle.IsComeback(lastPurchase, at, zone), state);

    /// <summary>Records lots whose pending period has passed.</summary>
    public void Mature()
    {
        for (int i = 0; i < lots.Count; i++)
        {
            if (!lots[i].Matured && lots[i].IsAvailableAt(at))
            {
                lots[i] = lots[i] with { Matured = true };
                LotEntry($"{lots[i].Id}:available", LedgerEntryKind.BecameAvailable, lots[i].Remaining.Value, lots[i].Id, "pending period over");
            }
        }
    }

    public void Remember(string fingerprint, LedgerEventKind kind, long points) => applied = applied.Add(new AppliedEvent(eventId, fingerprint, at, kind, points));

    public MemberAccount ToAccount()
    {
        // Forget what the windows no longer need; keep every event id a live lot refers to, or a lot that cancelling a
        // remembered redemption would bring back.
        var today = at.InZone(zone).Date;
        var retention = ExpiryPolicy.StartOf(today.Minus(program.LedgerPolicy.Retention), zone);
        var refundWindow = ExpiryPolicy.StartOf(today.Minus(program.LedgerPolicy.RefundWindow), zone);
        var keptRedemptions = redemptions.Where(r => r.At >= retention).ToList();
        var liveSources = lots.Select(l => l.SourceId)
            .Concat(keptRedemptions.SelectMany(r => r.Taken).Select(t => t.SourceId)) // a cancellation can bring these lots back
            .Concat(heldRewards.Select(r => r.EventId))
            .ToHashSet(StringComparer.Ordinal);
        var keepPaymentsFrom = program.ReferralPolicy is { } referral ? RememberedReferralsFrom(referral) : Instant.MaxValue;
        var result = account with
        {
            Lots = [.. lots],
            Debt = debt,
            Totals = totals,
            LastActivityAt = lastActivity,
            HasPurchased = hasPurchased,
            CarriedFraction = carried,
            LastPurchaseAt = lastPurchase,
            ReactivatedAt = reactivatedAt,
            AppliedEvents = [.. applied.Where(a => a.At >= retention || liveSources.Contains(a.Id))],
            Purchases = [.. purchases.Where(p => p.At >= refundWindow)],
            Redemptions = [.. keptRedemptions],
            State = state
                .Forget(program, today.Minus(program.LedgerPolicy.Retention))
                .With(ReferralState.Payments, [.. state.Get(ReferralState.Payments).Where(p => p.At >= keepPaymentsFrom)]),
            HeldRewards = [.. heldRewards],
        };

        // What the ledger writes satisfies the invariants (the properties check it after every step; so does a debug build).
        Debug.Assert(AccountIntegrity.Problem(result) is null && IsInSpendingOrder(lots), $"the ledger wrote an invalid account: {AccountIntegrity.Problem(result)}");
        return result.Checked();
    }

    private long Available() => lots.Where(l => l.IsAvailableAt(at)).Sum(l => l.Remaining.Value) - debt;

    private void AddLots(AccrualResult accrual, string? hold)
    {
        long total = accrual.Total.Value;
        totals = totals with { Accrued = totals.Accrued + total };
        if (hold is null)
        {
            total -= RepayDebt(total); // held points are not the member's yet: they repay nothing until released
        }

        // Rules with their own lot policy get their own lots (whole points, in item order); the rest is one lot.
        foreach (var item in accrual.Items)
        {
            if (total > 0 && item.Points >= 1m && program.RuleLots.TryGetValue(item.RuleId, out var policy))
            {
                long points = Math.Min(total, decimal.ToInt64(decimal.Floor(item.Points)));
                AddLot($"{eventId}/{item.RuleId}", item.RuleId, points, policy, hold, item.Reason);
                total -= points;
            }
        }

        if (total > 0)
        {
            AddLot($"{eventId}/{AccrualRule}", AccrualRule, total, program.Lots, hold, $"earned by '{eventId}'");
        }
    }

    private void AddLot(string id, string ruleId, long points, LotPolicy policy, string? hold, string reason, LedgerEntryKind kind = LedgerEntryKind.Accrued)
    {
        var earnedOn = at.InZone(zone).Date;
        var availableAt = policy.AvailableAt(earnedOn, at, zone);
        if (hold is not null)
        {
            kind = LedgerEntryKind.Held;
            reason = $"{reason}; held for review: {hold}";
        }

        Insert(new PointLot
        {
            Id = id,
            SourceId = eventId,
            RuleId = ruleId,
            Points = points,
            Remaining = points,
            EarnedAt = at,
            AvailableAt = availableAt,
            ExpiresAt = policy.Expiry.LotExpiry(earnedOn, zone),
            Matured = hold is null && availableAt <= at,
            HeldBy = hold is null ? null : eventId,
            ReviewBy = hold is null ? null : HoldDeadline(),
        });
        Entry(kind, points, id, reason);
    }

    private Instant? HoldDeadline() => program.Fraud.Review?.Deadline(at, zone);

    private long RepayDebt(long points)
    {
        long repaid = Math.Min(debt, points);
        if (repaid > 0)
        {
            debt -= repaid;
            Entry(LedgerEntryKind.DebtRepaid, repaid, null, "new points paid back a debt");
        }

        return repaid;
    }

    /// <summary>
    /// Takes points from the lots that match (spendable ones, unless <paramref name="pendingToo"/>), soonest-expiring
    /// first and FIFO within equal expiry (the order the lots are kept in); returns the shares taken.
    /// </summary>
    private List<PointLot> Take(long points, bool pendingToo, LedgerEntryKind kind, string reason, Func<PointLot, bool>? which = null)
    {
        var taken = new List<PointLot>();
        for (int i = 0; i < lots.Count && points > 0; i++)
        {
            var lot = lots[i];
            if ((which is not null && !which(lot)) || (!pendingToo && !lot.IsAvailableAt(at)))
            {
                continue;
            }

            long share = Math.Min(points, lot.Remaining.Value);
            lots[i] = lot with { Remaining = lot.Remaining - share };
            taken.Add(lot with { Remaining = share });
            Entry(kind, share, lot.Id, reason);
            points -= share;
        }

        lots.RemoveAll(l => l.Remaining == 0);
        return taken;
    }

    /// <summary>Takes up to <paramref name="points"/> from the lots that match, pending ones too; returns how many it took.</summary>
    private long TakeFrom(Func<PointLot, bool> which, long points, LedgerEntryKind kind, string reason)
        => Take(Math.Min(points, lots.Where(which).Sum(l => l.Remaining.Value)), pendingToo: true, kind, reason, which).Sum(l => l.Remaining.Value);

    /// <summary>Inserts a lot where the spending order puts it.</summary>
    private void Insert(PointLot lot)
    {
        int index = lots.BinarySearch(lot, SpendingOrder);
        lots.Insert(index >= 0 ? index : ~index, lot);
    }

    private static bool IsInSpendingOrder(List<PointLot> lots)
    {
        for (int i = 1; i < lots.Count; i++)
        {
            if (SpendingOrder.Compare(lots[i - 1], lots[i]) > 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Soonest expiry first (never last), then earliest earned, then id.</summary>
    private static readonly Comparer<PointLot> SpendingOrder = Comparer<PointLot>.Create((a, b) =>
    {
        int byExpiry = (a.ExpiresAt ?? Instant.MaxValue).CompareTo(b.ExpiresAt ?? Instant.MaxValue);
        if (byExpiry != 0)
        {
            return byExpiry;
        }

        int byEarned = a.EarnedAt.CompareTo(b.EarnedAt);
        return byEarned != 0 ? byEarned : string.CompareOrdinal(a.Id, b.Id);
    });

    /// <summary>
    /// Records an entry. What an event does is numbered within the event (<c>{eventId}#{n}</c>), so the same event
    /// applied again, however the lots then stand, produces the same first id and a unique key refuses it.
    /// </summary>
    private void Entry(LedgerEntryKind kind, long points, string? lotId, string reason, IssuedReward? reward = null)
        => entries.Add(new LedgerEntry($"{eventId}#{++numbered}", kind, points, at, lotId, reason) { Reward = reward });

    /// <summary>Records an entry that belongs to a lot, not to the event (maturity, expiry).</summary>
    private void LotEntry(string id, LedgerEntryKind kind, long points, string lotId, string reason)
        => entries.Add(new LedgerEntry(id, kind, points, at, lotId, reason));
}
