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

    private readonly WorkingList<PointLot> lots = new(default);
    private readonly WorkingList<PurchaseRecord> purchases = new(default);
    private readonly WorkingList<RedemptionRecord> redemptions = new(default);
    private readonly WorkingList<HeldReward> heldRewards = new(default);
    private readonly WorkingList<AppliedEvent> applied = new(default);
    private LoyaltyProgram program = null!;
    private MemberAccount account = null!;
    private DateTimeZone zone = null!;
    private readonly List<LedgerEntry> entries = [];
    private string eventId = "";
    private Instant at;
    private TotalsDraft totals;
    private long debt;
    private Instant? lastActivity;
    private bool hasPurchased;
    private decimal carried;
    private Instant? lastPurchase;
    private Instant? reactivatedAt;
    private MemberState state = null!;
    private int numbered;
    private int vouchersIssued; // the vouchers of spend and referral rewards this event issued
    private int vouchersForgotten; // by this draft: like the lists' removals, a kept event id may have lost its last reference
    private Savepoint savepoint;
    private Pruning pruned;
    private LocalDate? today; // the local date of the event's instant, once asked
    private (Instant? Last, bool Comeback)? comeback; // for the event's instant, once asked
    private readonly List<string> leaving = []; // the ids the window pass finds leaving (working memory, reused)
    private readonly HashSet<string> appliedIds = new(StringComparer.Ordinal); // a journaled draft's index of the applied ids, once built
    private bool indexed; // whether appliedIds holds exactly the applied events' ids
    private MemberContext? view; // the view the thread's last purchase evaluated with, and the host's member it was made of
    private MemberContext? viewOf;

    /// <summary>
    /// Whether the step makes nothing for an outcome (a working account applying events for the account alone,
    /// <see cref="WorkingAccount.Apply"/>): no entries, the purchase evaluated in place, the tier decided without its
    /// progress; the account is the same either way. Cleared by every open.
    /// </summary>
    public bool Quiet { get; set; }

    [ThreadStatic]
    private static AccountDraft? spare;

    private AccountDraft()
    {
    }

    /// <summary>
    /// A working copy of <paramref name="account"/>; <see cref="Begin"/> starts each event on it. The draft (and its
    /// lists) is the one the thread used last when <see cref="Release"/> gave it back, else a new one: a draft is only
    /// working memory, and nothing it hands out refers to it.
    /// </summary>
    /// <param name="program">The program.</param>
    /// <param name="account">The account as stored.</param>
    /// <param name="journaled">Whether the draft lives on after a rejection (a batch, or a purchase tried again with budget
    /// decisions): each event's changes are journaled, so a rejected one is rolled back.</param>
    public static AccountDraft Open(LoyaltyProgram program, MemberAccount account, bool journaled = false)
    {
        if (!account.IsChecked && AccountIntegrity.Problem(account) is { } problem)
        {
            throw Preconditions.Invalid("account." + problem.Path, problem.Reason); // an account changed by hand (a with copy)
        }

        var draft = spare ?? new AccountDraft();
        spare = null; // taken: a nested call (a budget decision that processes another event) gets its own
        draft.Reset(program, account, journaled);
        return draft;
    }

    /// <summary>Gives the draft back for the thread's next event, holding on to no account.</summary>
    public void Release()
    {
        Reset(null!, null!, journaled: false);
        spare = this;
    }

    private void Reset(LoyaltyProgram to, MemberAccount from, bool journaled)
    {
        program = to;
        account = from;
        zone = to?.TimeZone!;
        var stored = from?.LotList ?? default;
        if (from is not null && !from.IsChecked && !IsInSpendingOrder(stored))
        {
            stored = AccountList<PointLot>.Of(from.Lots.Sort(SpendingOrder)); // accounts this library writes are always in order; one built by hand may not be
        }

        lots.Reset(stored, journaled);
        (indexed, Quiet) = (false, false); // the view stays: it is reused only when equal in every value (then it is the view of this account too)
        appliedIds.Clear();
        purchases.Reset(from?.Purchases ?? default, journaled);
        redemptions.Reset(from?.Redemptions ?? default, journaled);
        heldRewards.Reset(from?.HeldRewards ?? default, journaled);
        applied.Reset(from?.AppliedEvents ?? default, journaled);
        entries.Clear();
        DeadlineReleases.Clear();
        (eventId, numbered, vouchersForgotten, Qualifying, Earning, Tier, TierChange, savepoint, today, comeback) = ("", 0, 0, null, null, null, null, default, null, null);

        totals = from is null ? default : TotalsDraft.Of(from.Totals);
        debt = from?.Debt.Value ?? 0;
        lastActivity = from?.LastActivityAt;
        hasPurchased = from?.HasPurchased ?? false;
        carried = from?.CarriedFraction ?? 0m;
        lastPurchase = from?.LastPurchaseAt;
        reactivatedAt = from?.ReactivatedAt;
        state = from?.State!;
        KeepTrack(from?.State.Get(TierState.Track));
        pruned = from is { IsChecked: true } ? from.Pruned : default;
    }

    /// <summary>The member state as the draft stands (its tier track aside).</summary>
    public MemberState State => state;

    /// <summary>The event ids the account remembers, as the draft stands.</summary>
    public IReadOnlyList<AppliedEvent> Applied => applied;

    /// <summary>The remembered event of id <paramref name="id"/>, or null.</summary>
    public AppliedEvent? Remembered(string id)
    {
        if (applied.Journaling)
        {
            // A batch asks for every event: an index of the ids (built once, kept by every add and removal) answers
            // "never seen" without reading them all; only a re-delivery looks for its event.
            if (!indexed)
            {
                appliedIds.Clear();
                foreach (var a in applied)
                {
                    appliedIds.Add(a.Id);
                }

                indexed = true;
            }

            if (!appliedIds.Contains(id))
            {
                return null;
            }
        }

        applied.Spans(out var first, out var then);
        int hash = id.GetHashCode(StringComparison.Ordinal);
        return Find(first, id, hash) ?? Find(then, id, hash);

        static AppliedEvent? Find(ReadOnlySpan<AppliedEvent> events, string id, int hash)
        {
            foreach (var e in events)
            {
                if (e.Is(id, hash))
                {
                    return e;
                }
            }

            return null;
        }
    }

    public ImmutableArray<LedgerEntry> Entries => [.. entries];

    /// <summary>What the purchase or activity this event applied qualifies for tiers (held or not), or null.</summary>
    public QualifyingActivity? Earning { get; private set; }

    /// <summary>After a refund: what it takes back from tier qualification; after a released purchase: what it adds.</summary>
    public QualifyingActivity? Qualifying { get; private set; }

    /// <summary>
    /// Starts an event (or due work) at <paramref name="instant"/>: what the previous one reported is cleared, and the
    /// draft as it stands is the point <see cref="RollBack"/> returns to.
    /// </summary>
    public void Begin(string id, Instant instant)
    {
        eventId = id;
        if (at != instant)
        {
            (at, today) = (instant, null);
        }

        comeback = null;
        entries.Clear();
        numbered = 0;
        vouchersIssued = 0;
        (lastGameChange, tookBackGame) = (null, false);
        Sent = null;
        Qualifying = null;
        Earning = null;
        DeadlineReleases.Clear();
        Tier = null;
        TierChange = null;
        savepoint = new Savepoint(lots.Mark, purchases.Mark, redemptions.Mark, heldRewards.Mark, applied.Mark, totals, debt, lastActivity, hasPurchased, carried, lastPurchase, reactivatedAt, state, track, trackLast, pruned);
    }

    /// <summary>
    /// Undoes everything since <see cref="Begin"/> (the event was rejected). In a draft that is not journaled the
    /// lists stay as they are: only the values come back (what the rejection reports, such as the tier, reads them) and the draft is dropped.
    /// </summary>
    public void RollBack()
    {
        var s = savepoint;
        lots.RollBack(s.Lots);
        purchases.RollBack(s.Purchases);
        redemptions.RollBack(s.Redemptions);
        heldRewards.RollBack(s.HeldRewards);
        applied.RollBack(s.Applied);
        indexed = false; // the index is built again when next asked
        (totals, debt, lastActivity, hasPurchased, carried, lastPurchase, reactivatedAt, state, track, trackLast, pruned) = (s.Totals, s.Debt, s.LastActivity, s.HasPurchased, s.Carried, s.LastPurchase, s.ReactivatedAt, s.State, s.Track, s.TrackLast, s.Pruned);
    }

    /// <summary>The local date of the event's instant in the program's zone.</summary>
    private LocalDate Today => today ??= at.InZone(zone).Date;

    /// <summary>The tier the account keeps, at an instant, as the draft stands.</summary>
    public TierDecision? TierAt(Instant instant) => program.TierDecider is { } decider && track is { } kept ? decider.DecisionOf(kept, instant, trackLast) : null;

    /// <summary>The member view the evaluator sees: first purchase, carried fraction and (when the host names none) the tier from the account.</summary>
    public MemberContext View(MemberContext member)
    {
        string? tierId = TierBefore(member);
        bool first = !hasPurchased, comeback = IsComeback();
        if (view is { } last && ReferenceEquals(viewOf, member) && ReferenceEquals(last.State, state) && string.Equals(last.TierId, tierId, StringComparison.Ordinal)
            && last.IsFirstPurchase == first && last.CarriedFraction == carried && last.CarriedFraction.Scale == carried.Scale && last.IsReactivation == comeback)
        {
            return last; // the view of the purchase before, the same in every value (the member's next purchase, a host keeping its member)
        }

        (view, viewOf) = (new MemberContext(member, tierId, first, carried, comeback, state), member);
        return view;
    }

    /// <summary>Whether the event comes back after dormancy (from the last purchase before it), worked out once per event.</summary>
    private bool IsComeback()
    {
        if (comeback is not { } known || known.Last != lastPurchase)
        {
            comeback = known = (lastPurchase, program.Lifecycle.IsComeback(lastPurchase, Today, zone));
        }

        return known.Comeback;
    }

    /// <summary>Records lots whose pending period has passed.</summary>
    public void Mature()
    {
        if (pruned.Matures is { } next && at < next)
        {
            AssertNoneMatures();
            return; // no lot's pending period is over yet: nothing to look at
        }

        var earliest = Instant.MaxValue;
        for (int i = 0; i < lots.Count; i++)
        {
            var lot = lots[i];
            if (lot.Matured)
            {
                continue;
            }

            if (lot.IsAvailableAt(at))
            {
                lots[i] = lot with { Matured = true };
                LotEntry(Quiet ? "" : $"{lot.Id}:available", LedgerEntryKind.BecameAvailable, lot.Remaining.Value, lot.Id, "pending period over");
            }
            else
            {
                earliest = Instant.Min(earliest, lot.AvailableAt); // a held lot counts too: looked at again until released
            }
        }

        pruned.Matures = earliest;
    }

    /// <summary>In a debug build (the tests), that skipping the look missed no lot.</summary>
    [Conditional("DEBUG")]
    private void AssertNoneMatures()
    {
        foreach (var lot in lots)
        {
            Debug.Assert(lot.Matured || !lot.IsAvailableAt(at), $"lot '{lot.Id}' became available at {lot.AvailableAt} but the bound said {pruned.Matures}");
        }
    }

    /// <summary>A lot that is not matured has come (inserted, or released from a hold): <see cref="Mature"/> must look by its availability.</summary>
    private void Pending(PointLot lot)
    {
        if (!lot.Matured && pruned.Matures is { } next)
        {
            pruned.Matures = Instant.Min(next, lot.AvailableAt);
        }
    }

    public void Remember(string fingerprint, LedgerEventKind kind, long points) => AddApplied(new AppliedEvent(eventId, fingerprint, at, kind, points));

    /// <summary>Adds an applied event at the end, noting whether the list is still in the order of instants.</summary>
    private void AddApplied(AppliedEvent e)
    {
        if (pruned.AppliedInOrder == true && applied.Count > 0 && applied[applied.Count - 1].At > e.At)
        {
            pruned.AppliedInOrder = false; // an event earlier than the last: the pass reads them all from now on
        }

        applied.Add(e);
        if (indexed)
        {
            appliedIds.Add(e.Id);
        }
    }

    /// <summary>
    /// Ends an applied event: its changes stay (the journal is cleared), and the account forgets what the windows no
    /// longer need, as of the event's instant; it keeps every event id a live lot refers to, or a lot that cancelling a
    /// remembered redemption would bring back.
    /// </summary>
    public void Commit()
    {
        lots.Commit();
        purchases.Commit();
        redemptions.Commit();
        heldRewards.Commit();
        applied.Commit();
        var today = Today;
        var (_, retainedFrom, retention, refundWindow) = program.Ledger.WindowsOn(today);
        var p = pruned;
        if (retention > (p.RedemptionFloor ??= Floor<RedemptionRecord, RedeemedAt>(redemptions)))
        {
            redemptions.RemoveAll(retention, static (r, cut) => r.At < cut);
            p.RedemptionFloor = Floor<RedemptionRecord, RedeemedAt>(redemptions);
        }

        if (refundWindow > (p.PurchaseFloor ??= Floor<PurchaseRecord, BoughtAt>(purchases)))
        {
            if (purchases.RemoveAll(refundWindow, static (r, cut) => r.At < cut) > 0)
            {
                MergeLots(); // refunds can no longer reach those purchases' lots
            }

            p.PurchaseFloor = Floor<PurchaseRecord, BoughtAt>(purchases);
        }

        int vouchers = state.Get(VoucherState.Vouchers).Length;
        state = state.Forget(program, retainedFrom);
        vouchersForgotten += vouchers - state.Get(VoucherState.Vouchers).Length;
        if (!state.Get(ReferralState.Payments).IsEmpty)
        {
            var keepPaymentsFrom = program.ReferralPolicy is { } referral ? RememberedReferralsFrom(referral) : Instant.MaxValue;
            state = state.With(ReferralState.Payments, state.Get(ReferralState.Payments).RemoveAll(p => p.At < keepPaymentsFrom));
        }

        // The ids past the retention window go unless a lot, a remembered redemption, a held reward or a kept voucher
        // refers to them (a voucher's id derives from its event's: re-applied, the event would issue it twice). The ids
        // kept at the last pass stay kept while none of those went away; then only ids that have just passed the window
        // need a look (none, most of the time).
        int removals = Removals();
        bool all = p.Removals != removals || p.AppliedFloor is null || at < p.Through;
        if (all || retention > p.AppliedFloor)
        {
            // One pass: the ids from where the last pass looked up to the window, and the earliest instant of the rest
            // (from the window on, which no removal touches). The window is past the old floor, so it is the new bound.
            var old = OlderThan(all ? Instant.MinValue : p.Through, retention, out var floor);
            p.AppliedInOrder = pruned.AppliedInOrder; // known now, if it was not
            if (old is not null)
            {
                RemoveUnreferred(old, retention);
            }

            p.Through = retention;
            p.AppliedFloor = floor;
            p.Removals = removals;
        }

        AssertPruned(retention);
        // Whatever this event added is at its instant: the bounds hold (an empty list keeps the end of time, exact).
        p.RedemptionFloor = redemptions.Count == 0 ? Instant.MaxValue : Instant.Min(p.RedemptionFloor.Value, at);
        p.PurchaseFloor = purchases.Count == 0 ? Instant.MaxValue : Instant.Min(p.PurchaseFloor.Value, at);
        p.AppliedFloor = Instant.Min(p.AppliedFloor!.Value, at);
        pruned = p;
    }

    /// <summary>
    /// Merges lots that can no longer be told apart: same rule, expiry and availability, matured, not held, and earned by
    /// an event no refund can reach (no remembered purchase). The merged lot keeps the first lot's id, source and
    /// earning instant (its place in the spending order) and the sum of the points; the others leave the account. No
    /// points move, so no entry records it; cancelling a redemption that took from a merged-away lot brings that share
    /// back as a lot of its own.
    /// </summary>
    private void MergeLots()
    {
        HashSet<string>? refundable = null;
        for (int i = 0; i + 1 < lots.Count; i++)
        {
            if (lots[i + 1].ExpiresAt != lots[i].ExpiresAt)
            {
                continue; // the common case: every lot its own day
            }

            refundable ??= purchases.Select(r => r.TransactionId).ToHashSet(StringComparer.Ordinal);
            var first = lots[i];
            if (!Mergeable(first, refundable))
            {
                continue;
            }

            long points = first.Points.Value, remaining = first.Remaining.Value;
            for (int j = i + 1; j < lots.Count && lots[j].ExpiresAt == first.ExpiresAt;)
            {
                var other = lots[j];
                if (Mergeable(other, refundable) && other.AvailableAt == first.AvailableAt && other.RuleId == first.RuleId)
                {
                    points = checked(points + other.Points.Value);
                    remaining = checked(remaining + other.Remaining.Value);
                    lots.RemoveAt(j);
                }
                else
                {
                    j++;
                }
            }

            if (remaining != first.Remaining.Value)
            {
                lots[i] = first with { Points = points, Remaining = remaining };
            }
        }

        static bool Mergeable(PointLot lot, HashSet<string> refundable) => lot.Matured && !lot.IsHeld && !refundable.Contains(lot.SourceId);
    }

    /// <summary>
    /// The ids of the applied events from <paramref name="from"/> up to <paramref name="retention"/>, or null when there are
    /// none; and the earliest instant from <paramref name="retention"/> on (the end of time when there is none).
    /// </summary>
    private List<string>? OlderThan(Instant from, Instant retention, out Instant floor)
    {
        var old = leaving;
        old.Clear();
        if (pruned.AppliedInOrder ??= InOrder(applied))
        {
            // In order (events come in time order, and removals keep it): the ids leaving lie between two bisections.
            int start = FirstAtOrAfter(from), end = FirstAtOrAfter(retention);
            for (int i = start; i < end; i++)
            {
                old.Add(applied[i].Id);
            }

            floor = end < applied.Count ? applied[end].At : Instant.MaxValue;
            return old.Count == 0 ? null : old;
        }

        floor = Instant.MaxValue;
        applied.Spans(out var first, out var then);
        Add(first, from, retention, old, ref floor);
        Add(then, from, retention, old, ref floor);
        return old.Count == 0 ? null : old;

        static void Add(ReadOnlySpan<AppliedEvent> events, Instant from, Instant retention, List<string> old, ref Instant floor)
        {
            foreach (var a in events)
            {
                var eventAt = a.At;
                if (eventAt >= retention)
                {
                    floor = eventAt < floor ? eventAt : floor;
                }
                else if (eventAt >= from)
                {
                    old.Add(a.Id);
                }
            }
        }
    }

    /// <summary>The index of the first applied event at or after <paramref name="instant"/> (the list in order of instants).</summary>
    private int FirstAtOrAfter(Instant instant)
    {
        int low = 0, high = applied.Count;
        while (low < high)
        {
            int middle = low + ((high - low) >> 1);
            (low, high) = applied[middle].At < instant ? (middle + 1, high) : (low, middle);
        }

        return low;
    }

    private static bool InOrder(WorkingList<AppliedEvent> applied)
    {
        for (int i = 1; i < applied.Count; i++)
        {
            if (applied[i - 1].At > applied[i].At)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Forgets the applied events of <paramref name="old"/> that nothing in the account refers to.</summary>
    private void RemoveUnreferred(List<string> old, Instant retention)
    {
        KeepReferred(old);
        if (old.Count > 8)
        {
            applied.RemoveAll((retention, Gone: old.ToHashSet(StringComparer.Ordinal)), static (a, s) => a.At < s.retention && s.Gone.Contains(a.Id));
        }
        else if (old.Count > 0)
        {
            applied.RemoveAll((retention, old), static (a, s) => a.At < s.retention && s.old.Contains(a.Id)); // usually one id a day: no set made
        }

        if (indexed)
        {
            appliedIds.ExceptWith(old); // ids are unique in the account: exactly these left
        }
    }

    /// <summary>In a debug build (the tests), that the pass left what a pass over everything leaves: no old id unreferred.</summary>
    [Conditional("DEBUG")]
    private void AssertPruned(Instant retention)
    {
        if (OlderThan(Instant.MinValue, retention, out _) is { } old)
        {
            int before = old.Count;
            KeepReferred(old);
            Debug.Assert(old.Count == 0, $"the window pass kept applied events nothing refers to: {string.Join(", ", old)} (of {before} old)");
        }
    }

    /// <summary>What left the lists and vouchers that may keep an event id, counted since the draft opened.</summary>
    private int Removals() => lots.Removals + redemptions.Removals + heldRewards.Removals + vouchersForgotten;

    /// <summary>Takes out of <paramref name="old"/> the ids a lot, a remembered redemption, a held reward or a kept voucher refers to.</summary>
    private void KeepReferred(List<string> old)
    {
        // Usually one or two ids, whose lots come early (the oldest expire first): compared in place, stopping once all are found.
        lots.Spans(out var first, out var then);
        foreach (var lot in first)
        {
            if (Kept(old, lot.SourceId))
            {
                return;
            }
        }

        foreach (var lot in then)
        {
            if (Kept(old, lot.SourceId))
            {
                return;
            }
        }

        foreach (var redemption in redemptions)
        {
            foreach (var share in redemption.Taken)
            {
                if (Kept(old, share.SourceId))
                {
                    return;
                }
            }
        }

        foreach (var reward in heldRewards)
        {
            if (Kept(old, reward.EventId))
            {
                return;
            }
        }

        foreach (var voucher in state.Get(VoucherState.Vouchers))
        {
            if (Kept(old, voucher.SourceId))
            {
                return;
            }
        }

        static bool Kept(List<string> old, string id)
        {
            for (int i = 0; i < old.Count; i++)
            {
                var candidate = old[i];
                if (ReferenceEquals(candidate, id) || (candidate.Length == id.Length && (id.Length == 0 || candidate[^1] == id[^1]) && string.Equals(candidate, id, StringComparison.Ordinal)))
                {
                    old[i] = old[^1]; // ids of one member mostly share their length and start: the last character tells most apart
                    old.RemoveAt(old.Count - 1);
                    break;
                }
            }

            return old.Count == 0;
        }
    }

    /// <summary>The earliest instant of the items, or the end of time when there is none.</summary>
    private static Instant Floor<T, TAt>(WorkingList<T> list)
        where T : class
        where TAt : struct, IInstantOf<T>
    {
        list.Spans(out var first, out var then);
        return Instant.Min(Lowest(first), Lowest(then));

        static Instant Lowest(ReadOnlySpan<T> items)
        {
            var floor = Instant.MaxValue;
            foreach (var item in items)
            {
                var itemAt = default(TAt).Of(item);
                floor = itemAt < floor ? itemAt : floor;
            }

            return floor;
        }
    }

    /// <summary>The instant of an item of a list (a struct: the floor's loop calls it directly).</summary>
    private interface IInstantOf<in T>
    {
        Instant Of(T item);
    }

    private readonly struct RedeemedAt : IInstantOf<RedemptionRecord>
    {
        public Instant Of(RedemptionRecord item) => item.At;
    }

    private readonly struct BoughtAt : IInstantOf<PurchaseRecord>
    {
        public Instant Of(PurchaseRecord item) => item.At;
    }

    /// <summary>The account as the draft stands (after <see cref="Commit"/>).</summary>
    public MemberAccount ToAccount()
    {
        var result = account with
        {
            LotList = lots.ToImmutable(),
            Debt = debt,
            Totals = totals.ToTotals(account.Totals),
            LastActivityAt = lastActivity,
            HasPurchased = hasPurchased,
            CarriedFraction = carried,
            LastPurchaseAt = lastPurchase,
            ReactivatedAt = reactivatedAt,
            AppliedEvents = applied.ToImmutable(),
            Purchases = purchases.ToImmutable(),
            Redemptions = redemptions.ToImmutable(),
            State = StateToWrite(),
            HeldRewards = heldRewards.ToImmutable(),
            Pruned = pruned with { Removals = 0 }, // counted again from 0 by the next draft's lists
        };

        // What the ledger writes satisfies the invariants (the properties check it after every step; so does a debug build).
        Debug.Assert(AccountIntegrity.Problem(result) is null && IsInSpendingOrder(lots), $"the ledger wrote an invalid account: {AccountIntegrity.Problem(result)}");
        return result.Checked();
    }

    /// <summary>What <see cref="RollBack"/> restores: the journals' marks and every value the draft holds.</summary>
    private readonly record struct Savepoint(
        int Lots, int Purchases, int Redemptions, int HeldRewards, int Applied, TotalsDraft Totals, long Debt, Instant? LastActivity,
        bool HasPurchased, decimal Carried, Instant? LastPurchase, Instant? ReactivatedAt, MemberState State, TierTrack? Track, Instant TrackLast, Pruning Pruned);

    /// <summary>
    /// Whether the available points (less any debt) cover <paramref name="points"/>: the lots are looked at in
    /// spending order only until they do, so a redemption from a large account reads the lots it takes from, not all.
    /// </summary>
    private bool Covers(long points)
    {
        long needed = checked(points + debt);
        if (needed <= 0)
        {
            return true;
        }

        long available = 0;
        foreach (var lot in lots)
        {
            if (lot.IsAvailableAt(at) && (available += lot.Remaining.Value) >= needed)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The balances at <paramref name="asOf"/> as the draft stands (<see cref="MemberAccount.BalanceAt"/> of the account it would write).</summary>
    public AccountBalance BalanceAt(Instant asOf)
    {
        lots.Spans(out var first, out var then);
        return AccountBalance.Of(first, then, debt, asOf);
    }

    private long Available()
    {
        long available = -debt;
        foreach (var lot in lots)
        {
            available += lot.IsAvailableAt(at) ? lot.Remaining.Value : 0;
        }

        return available;
    }

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
            AddLot($"{eventId}/{AccrualRule}", AccrualRule, total, program.Lots, hold, Quiet ? "" : $"earned by '{eventId}'");
        }
    }

    private void AddLot(string id, string ruleId, long points, LotPolicy policy, string? hold, string reason, LedgerEntryKind kind = LedgerEntryKind.Accrued)
    {
        var earnedOn = Today;
        var availableAt = policy.AvailableAt(earnedOn, at, zone);
        if (hold is not null)
        {
            kind = LedgerEntryKind.Held;
            reason = Quiet ? "" : $"{reason}; held for review: {hold}";
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
        int i = 0, emptied = 0; // the lots at the front it empties leave as they are: not rewritten, the list not copied for them
        PointLot? rest = null; // what is left of the last lot it takes from
        for (; i < lots.Count && points > 0; i++)
        {
            var lot = lots[i];
            if ((which is not null && !which(lot)) || (!pendingToo && !lot.IsAvailableAt(at)))
            {
                continue;
            }

            long share = Math.Min(points, lot.Remaining.Value);
            if (share < lot.Remaining.Value)
            {
                rest = lot with { Remaining = lot.Remaining - share };
                taken.Add(lot with { Remaining = share });
            }
            else
            {
                if (emptied == i)
                {
                    emptied++;
                }
                else
                {
                    lots[i] = lot with { Remaining = 0 };
                }

                taken.Add(lot); // all of it: the share is the lot
            }

            Entry(kind, share, lot.Id, reason);
            points -= share;
        }

        lots.RemoveAll(static _ => true, scan: emptied);
        if (rest is not null)
        {
            lots[i - 1 - emptied] = rest; // the last lot it looked at
        }

        lots.RemoveAll(static l => l.Remaining == 0, scan: i - emptied); // only the lots it looked at can be empty
        return taken;
    }

    /// <summary>Takes up to <paramref name="points"/> from the lots that match, pending ones too; returns how many it took.</summary>
    private long TakeFrom(Func<PointLot, bool> which, long points, LedgerEntryKind kind, string reason)
        => Take(Math.Min(points, lots.Where(which).Sum(l => l.Remaining.Value)), pendingToo: true, kind, reason, which).Sum(l => l.Remaining.Value);

    /// <summary>Inserts a lot where the spending order puts it.</summary>
    private void Insert(PointLot lot)
    {
        int count = lots.Count;
        if (count == 0 || SpendingOrder.Compare(lots[count - 1], lot) < 0)
        {
            lots.Add(lot); // the usual place: a new lot expires after every older one of its policy
        }
        else
        {
            int index = lots.BinarySearch(lot, SpendingOrder);
            lots.Insert(index >= 0 ? index : ~index, lot);
        }

        Pending(lot);
    }

    private static bool IsInSpendingOrder(IReadOnlyList<PointLot> lots)
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
    {
        ++numbered;
        if (!Quiet)
        {
            entries.Add(new LedgerEntry(EntryId(eventId, numbered), kind, points, at, lotId, reason) { Reward = reward });
        }
    }

    /// <summary><c>{eventId}#{n}</c>, written straight into the string (a redemption from many lots makes one per lot).</summary>
    private static string EntryId(string eventId, int n)
    {
        int digits = 1;
        for (int rest = n; rest >= 10; rest /= 10)
        {
            digits++;
        }

        return string.Create(eventId.Length + 1 + digits, (eventId, n), static (text, s) =>
        {
            s.eventId.CopyTo(text);
            text[s.eventId.Length] = '#';
            s.n.TryFormat(text[(s.eventId.Length + 1)..], out _, default, System.Globalization.CultureInfo.InvariantCulture);
        });
    }

    /// <summary>Records an entry that belongs to a lot, not to the event (maturity, expiry).</summary>
    private void LotEntry(string id, LedgerEntryKind kind, long points, string lotId, string reason)
    {
        if (!Quiet)
        {
            entries.Add(new LedgerEntry(id, kind, points, at, lotId, reason));
        }
    }
}
