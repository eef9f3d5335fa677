using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Collections.ObjectModel;
using System.Linq;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>
/// One program's replay of a history, event by event: the accounts, the running liability, the month rows and the
/// per-member figures. Memory grows with members (one <see cref="Track"/> each), never with events.
/// </summary>
/// <remarks>
/// The due work a host runs is run here: before a member's event, what fell due for that member since (expiry, hold
/// deadlines) is expired as of the event; at the start of every local month, what fell due for every member is expired
/// as of that instant (and period-end dividends are paid, when the program has them). Which members have anything due
/// is kept in a queue by the instant it falls due, so a month end touches only them.
/// </remarks>
internal sealed class ReplayRun
{
    private readonly LoyaltyProgram program;
    private readonly Func<string, MemberContext> members;
    private readonly Dictionary<string, Track> tracks = new(StringComparer.Ordinal);
    private readonly PriorityQueue<Track, Instant> due = new();
    private readonly LiabilitySum sum = new();
    private readonly Dictionary<string, int> ruleIndex = new(StringComparer.Ordinal);
    private readonly List<decimal> ruleTotals = [];
    private readonly Dictionary<string, long>? budgets;
    private readonly List<(string Offer, long Granted)> granted = [];
    private readonly Func<BudgetClaim, BudgetClaim> decide;
    private readonly long[] statuses = new long[Enum.GetValues<LedgerStatus>().Length];
    private readonly List<ReplayMonth> months = [];
    private LedgerTotals monthOpened = new();
    private YearMonth month;
    private Instant monthEnds;
    private Instant? first;
    private Instant last;
    private long events, referralPoints, rewardsIssued;
    private decimal referralRewardValue, rewardValue;

    public ReplayRun(LoyaltyProgram program, Func<string, MemberContext>? members)
    {
        this.program = Preconditions.NotNull(program, nameof(program));
        this.members = members ?? (static id => new MemberContext(id));
        decide = Decide;
        if (program.BudgetedOffers.Length > 0 || program.Rewards.Any(r => r.Stocked))
        {
            budgets = program.BudgetedOffers.ToDictionary(o => o.Id, o => o.Budget!.Points.Value, StringComparer.Ordinal);
        }
    }

    public long Events => events;

    public int Members => tracks.Count;

    /// <summary>Replays one event (after the due work that falls before it).</summary>
    public void Add(LedgerEvent e)
    {
        Preconditions.NotNull(e, "history[]");
        if (first is null)
        {
            first = e.At;
            month = YearMonth(e.At);
            monthEnds = StartOf(month.PlusMonths(1));
        }
        else if (e.At < last)
        {
            throw new ArgumentException(
                $"history: event '{e.Id}' at {e.At} comes before the event read before it (at {last}): a replay reads the history in time order.", "history");
        }

        while (monthEnds <= e.At)
        {
            Close(monthEnds);
        }

        var track = TrackOf(e.MemberId);
        if (track.NextDue <= e.At)
        {
            Step(track, program.Ledger.Expire(track.Account, e.At));
        }

        LedgerOutcome outcome;
        try
        {
            granted.Clear();
            outcome = budgets is null
                ? program.Ledger.Process(track.Account, e, track.Member)
                : program.Ledger.ProcessWithBudgets(track.Account, e, track.Member, decide);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"history: event '{e.Id}' (number {events + 1}) cannot be replayed through program '{program.Id}': {ex.Message}", "history", ex);
        }

        statuses[(int)outcome.Status]++;
        if (outcome.Status is not (LedgerStatus.Applied or LedgerStatus.Held))
        {
            ReturnGranted(); // nothing of the event was applied: what its claims took goes back to the budgets
        }
        else if (e.Kind is LedgerEventKind.Purchase or LedgerEventKind.Activity)
        {
            Count(track, e, outcome);
        }

        long accruedBefore = track.Account.Totals.Accrued.Value;
        decimal rewardsBefore = rewardValue;
        Step(track, outcome);
        if (e.Kind == LedgerEventKind.ReferralAward)
        {
            referralPoints += track.Account.Totals.Accrued.Value - accruedBefore;
            referralRewardValue += rewardValue - rewardsBefore;
        }

        events++;
        last = e.At;
    }

    /// <summary>Closes the months through <paramref name="until"/> (default: the end of the last event's month) and reports.</summary>
    public ReplayReport Finish(Instant? until)
    {
        if (first is null)
        {
            return Report(until ?? Instant.MinValue);
        }

        var end = until ?? monthEnds;
        if (end < last)
        {
            throw new ArgumentOutOfRangeException(nameof(until), until, $"must not be before the history's last event ({last}).");
        }

        while (monthEnds <= end)
        {
            Close(monthEnds);
        }

        if (end > StartOf(month))
        {
            Close(end); // a part of a month: its row ends at the instant asked for
        }

        foreach (var track in tracks.Values)
        {
            if (Unmatured(track.Account, end))
            {
                Step(track, program.Ledger.Expire(track.Account, end)); // the accounts as of the end: what became available then is
            }
        }

        return Report(end);
    }

    private Track TrackOf(string memberId)
    {
        if (!tracks.TryGetValue(memberId, out var track))
        {
            var member = members(memberId) ?? throw new ArgumentException($"members: returned null for member '{memberId}'.", nameof(members));
            if (!string.Equals(member.MemberId, memberId, StringComparison.Ordinal))
            {
                throw new ArgumentException($"members: asked for member '{memberId}', returned the context of '{member.MemberId}'.", nameof(members));
            }

            track = new Track(MemberAccount.Open(memberId), member);
            tracks.Add(memberId, track);
            sum.Members++;
        }

        return track;
    }

    /// <summary>Takes a step's outcome into the track and the running sums; queues what falls due next.</summary>
    private void Step(Track track, LedgerOutcome outcome)
    {
        foreach (var entry in outcome.Entries)
        {
            if (entry.Kind == LedgerEntryKind.RewardIssued && entry.Reward is { } reward)
            {
                rewardsIssued++;
                rewardValue += reward.Value.Amount;
            }
        }

        var after = outcome.Account;
        if (ReferenceEquals(after, track.Account))
        {
            return;
        }

        var (outstanding, held) = LiabilitySum.BalanceOf(after);
        sum.Change(track.Outstanding, track.Held, track.Account.Totals, outstanding, held, after.Totals);
        (track.Account, track.Outstanding, track.Held) = (after, outstanding, held);
        var next = NextDue(after);
        if (next != track.NextDue)
        {
            track.NextDue = next;
            if (next is { } at)
            {
                due.Enqueue(track, at);
            }
        }
    }

    /// <summary>
    /// The earliest instant the account has something due that the next event would not do itself: a lot's expiry, the
    /// inactivity deadline, a hold's review deadline (every event matures lots and decides due holds first).
    /// </summary>
    private Instant? NextDue(MemberAccount account)
    {
        Instant? next = null;
        foreach (var lot in account.LotList.Span)
        {
            var at = lot.IsHeld ? lot.ReviewBy : lot.ExpiresAt;
            if (at is { } a && (next is null || a < next))
            {
                next = a;
            }
        }

        if (account.LotList.Count > 0 && program.Ledger.InactivityDeadline(account.LastActivityAt) is { } inactive && (next is null || inactive < next))
        {
            next = inactive;
        }

        return next;
    }

    private static bool Unmatured(MemberAccount account, Instant at)
    {
        foreach (var lot in account.LotList.Span)
        {
            if (!lot.Matured && !lot.IsHeld && lot.AvailableAt <= at)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The due work at <paramref name="at"/> for every member, then the month's row.</summary>
    private void Close(Instant at)
    {
        List<Track>? again = null;
        while (due.TryPeek(out var track, out var dueAt) && dueAt <= at)
        {
            due.Dequeue();
            if (track.NextDue != dueAt)
            {
                continue; // an older entry: the track has been queued again since
            }

            Step(track, program.Ledger.Expire(track.Account, at));
            if (track.NextDue <= at)
            {
                (again ??= []).Add(track); // nothing more can be done for it at this instant
            }
        }

        foreach (var track in again ?? [])
        {
            due.Enqueue(track, track.NextDue!.Value);
        }

        if (program.Dividend is not null)
        {
            foreach (var track in tracks.Values)
            {
                Step(track, program.Ledger.PayDividends(track.Account, at));
            }
        }

        months.Add(new ReplayMonth(month, sum.Totals.Minus(monthOpened), sum.Outstanding, sum.Held, program.Ledger.ValueOf(Math.Max(0, sum.Outstanding))));
        monthOpened = sum.Totals;
        month = month.PlusMonths(1);
        monthEnds = StartOf(month.PlusMonths(1));
    }

    private void Count(Track track, LedgerEvent e, LedgerOutcome outcome)
    {
        if (e is PurchaseEvent purchase)
        {
            track.Orders++;
            track.Spend += purchase.Transaction.AmountDue.Amount;
        }

        if (outcome.Accrual is not { } accrual)
        {
            return;
        }

        foreach (var item in accrual.Items)
        {
            if (!ruleIndex.TryGetValue(item.RuleId, out int index))
            {
                index = ruleTotals.Count;
                ruleIndex.Add(item.RuleId, index);
                ruleTotals.Add(0m);
            }

            ruleTotals[index] += item.Points;
            if (track.ByRule.Length <= index)
            {
                Array.Resize(ref track.ByRule, ruleTotals.Count);
            }

            track.ByRule[index] += item.Points;
        }
    }

    private BudgetClaim Decide(BudgetClaim claim)
    {
        if (claim.IsRewardStock)
        {
            return claim.Decide(long.MaxValue); // a replay does not know the host's stock: every unit is there
        }

        var left = budgets!;
        long points = left.GetValueOrDefault(claim.OfferId);
        var decided = claim.Decide(points);
        left[claim.OfferId] = points - decided.Granted.Value;
        granted.Add((claim.OfferId, decided.Granted.Value));
        return decided;
    }

    private void ReturnGranted()
    {
        foreach (var (offer, points) in granted)
        {
            budgets![offer] += points;
        }
    }

    private ReplayReport Report(Instant until)
    {
        string currency = program.Currency;
        var ruleIds = ruleIndex.OrderBy(r => r.Value).Select(r => r.Key).ToArray();
        var memberRows = ImmutableArray.CreateBuilder<ReplayMember>(tracks.Count);
        var byTier = new Dictionary<string, Group>(StringComparer.Ordinal);
        var bySegment = new Dictionary<string, Group>(StringComparer.Ordinal);
        var all = new Group();
        foreach (var track in tracks.Values.OrderBy(t => t.Account.MemberId, StringComparer.Ordinal))
        {
            string? tier = program.TierLadder is null ? track.Member.TierId : program.Ledger.TierOf(track.Account, until)?.TierId ?? track.Member.TierId;
            var stage = program.Ledger.StageOf(track.Account, track.Member, until);
            var byRule = ImmutableArray.CreateBuilder<RulePoints>();
            for (int i = 0; i < track.ByRule.Length; i++)
            {
                if (track.ByRule[i] != 0m)
                {
                    byRule.Add(new RulePoints(ruleIds[i], track.ByRule[i]));
                }
            }

            byRule.Sort(static (a, b) => string.CompareOrdinal(a.RuleId, b.RuleId));
            memberRows.Add(new ReplayMember
            {
                MemberId = track.Account.MemberId,
                TierId = tier,
                Balance = track.Outstanding,
                Stage = stage,
                Orders = track.Orders,
                Spend = track.Spend,
                ByRule = byRule.ToImmutable(),
            });
            all.Add(track, stage);
            GroupOf(byTier, tier ?? CustomerValue.NoTier).Add(track, stage);
            foreach (var segment in track.Member.Segments)
            {
                GroupOf(bySegment, segment).Add(track, stage);
            }
        }

        var tierOrder = program.Tiers.Append(CustomerValue.NoTier).ToList();
        return new ReplayReport
        {
            ProgramId = program.Id,
            ProgramVersion = program.Version,
            From = first ?? until,
            Until = until,
            Events = events,
            Statuses = Enum.GetValues<LedgerStatus>().Where(s => statuses[(int)s] > 0).ToImmutableSortedDictionary(s => s, s => statuses[(int)s]),
            Liability = sum.Report(program, until),
            Months = [.. months],
            IssuedByRule = ruleIndex.ToImmutableSortedDictionary(r => r.Key, r => ruleTotals[r.Value], StringComparer.Ordinal),
            ReferralPoints = referralPoints,
            ReferralRewardValue = new Money(referralRewardValue, currency),
            RewardsIssued = rewardsIssued,
            RewardValue = new Money(rewardValue, currency),
            AllMembers = all.Value("all", currency),
            ByTier = [.. byTier.OrderBy(g => Rank(tierOrder, g.Key)).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Value.Value(g.Key, currency))],
            BySegment = [.. bySegment.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Value.Value(g.Key, currency))],
            Members = memberRows.MoveToImmutable(),
            Accounts = new ReadOnlyDictionary<string, MemberAccount>(tracks.ToDictionary(t => t.Key, t => t.Value.Account, StringComparer.Ordinal)),
        };

        static Group GroupOf(Dictionary<string, Group> groups, string key)
        {
            if (!groups.TryGetValue(key, out var group))
            {
                groups.Add(key, group = new Group());
            }

            return group;
        }

        static int Rank(List<string> order, string key) => order.IndexOf(key) is var i and >= 0 ? i : order.Count;
    }

    private YearMonth YearMonth(Instant at)
    {
        var date = at.InZone(program.TimeZone).Date;
        return new YearMonth(date.Year, date.Month);
    }

    private Instant StartOf(YearMonth m) => m.OnDayOfMonth(1).AtStartOfDayInZone(program.TimeZone).ToInstant();

    /// <summary>What the replay keeps of one member.</summary>
    private sealed class Track(MemberAccount account, MemberContext member)
    {
        public MemberAccount Account = account;
        public readonly MemberContext Member = member;
        public Instant? NextDue;
        public long Outstanding;
        public long Held;
        public int Orders;
        public decimal Spend;
        public decimal[] ByRule = [];
    }

    /// <summary>Customer-value sums of a group.</summary>
    private sealed class Group
    {
        private readonly int[] stages = new int[Enum.GetValues<LifecycleStage>().Length];
        private int members;
        private long orders;
        private decimal spend;

        public void Add(Track track, LifecycleStage stage)
        {
            members++;
            orders += track.Orders;
            spend += track.Spend;
            stages[(int)stage]++;
        }

        public CustomerValue Value(string group, string currency)
        {
            decimal unit = Currency.MinorUnit(currency);
            return new CustomerValue
            {
                Group = group,
                Members = members,
                Orders = orders,
                Spend = new Money(spend, currency),
                AverageOrderValue = new Money(orders == 0 ? 0m : Math.Round(spend / orders / unit, MidpointRounding.ToEven) * unit, currency),
                PurchaseFrequency = members == 0 ? 0m : Math.Round((decimal)orders / members, 2, MidpointRounding.ToEven),
                Stages = Enum.GetValues<LifecycleStage>().Where(s => stages[(int)s] > 0).ToImmutableSortedDictionary(s => s, s => stages[(int)s]),
            };
        }
    }
}
