using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>
/// A working copy of one account while one event is applied; becomes an immutable account again at the end. An
/// event that is rejected leaves no trace: its working copy is dropped.
/// </summary>
internal sealed class LedgerWork
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
    private readonly List<ReferralPayment> referralsPaid;
    private readonly List<HeldReward> heldRewards;
    private readonly List<LedgerEntry> entries = [];
    private LedgerTotals totals;
    private long debt;
    private Instant? lastActivity;
    private bool hasPurchased;
    private decimal carried;
    private int? birthdayYear;
    private ImmutableArray<string> paidOnce;
    private ImmutableArray<OfferUse> offerUses;
    private PeriodTallies tallies;
    private List<DividendSpend> dividendSpend;
    private LocalDate? dividendPaidThrough;
    private Instant? lastPurchase;
    private Instant? reactivatedAt;
    private decimal spendCounter;
    private ImmutableArray<AppliedEvent> applied;
    private int numbered;

    public LedgerWork(LoyaltyProgram program, MemberAccount account, string eventId, Instant at)
    {
        this.program = program;
        this.account = account;
        this.eventId = eventId;
        this.at = at;
        zone = program.TimeZone;
        lots = [.. account.Lots];
        if (!IsInSpendingOrder(lots))
        {
            lots.Sort(SpendingOrder); // accounts this library writes are always in order; one built by hand may not be
        }

        purchases = [.. account.Purchases];
        redemptions = [.. account.Redemptions];
        referralsPaid = [.. account.ReferralsPaid];
        heldRewards = [.. account.HeldRewards];
        totals = account.Totals;
        debt = account.Debt;
        lastActivity = account.LastActivityAt;
        hasPurchased = account.HasPurchased;
        carried = account.CarriedFraction;
        birthdayYear = account.BirthdayRewardYear;
        paidOnce = account.PaidOnceRules;
        offerUses = account.OfferUses;
        tallies = account.PeriodTallies;
        dividendSpend = [.. account.DividendSpend];
        dividendPaidThrough = account.DividendPaidThrough;
        lastPurchase = account.LastPurchaseAt;
        reactivatedAt = account.ReactivatedAt;
        spendCounter = account.SpendCounter;
        applied = account.AppliedEvents;
    }

    public ImmutableArray<LedgerEntry> Entries => [.. entries];

    /// <summary>After a refund: what it takes back from tier qualification; after a released purchase: what it adds.</summary>
    public QualifyingActivity? Qualifying { get; private set; }

    /// <summary>The member view the evaluator sees: first purchase and carried fraction from the account.</summary>
    public MemberContext View(MemberContext member)
        => new(member.MemberId, member.TierId, !hasPurchased, member.EnrolledOn, member.Birthday, member.Segments, carried, birthdayYear, paidOnce, program.Lifecycle.IsComeback(lastPurchase, at, zone), offerUses, tallies);

    /// <summary>Resolves held points whose review deadline has passed, as the program's hold review says.</summary>
    public void ReviewDue()
    {
        if (program.Fraud.Review is not { } review)
        {
            return;
        }

        var due = lots.Where(l => l.ReviewBy <= at).Select(l => (l.HeldBy!, l.ReviewBy!.Value))
            .Concat(heldRewards.Where(r => r.ReviewBy <= at).Select(r => (r.EventId, r.ReviewBy!.Value)))
            .Distinct().OrderBy(d => d.Value).ThenBy(d => d.Item1, StringComparer.Ordinal).ToList();
        foreach (var (held, deadline) in due)
        {
            var heldLots = lots.Where(l => l.HeldBy == held).ToList();
            Resolve(held, review.AtDeadline, "review deadline passed", $"{held}:review");
            if (review.AtDeadline == HoldResolution.Release && ReleasedQualifying(held, heldLots) is { } released)
            {
                DeadlineReleases.Add(released);
            }
        }
    }

    /// <summary>What held events released at their review deadline add to tier qualification, in order.</summary>
    public List<QualifyingActivity> DeadlineReleases { get; } = [];

    /// <summary>What a released event adds to tier qualification, as it would have when earned.</summary>
    private QualifyingActivity? ReleasedQualifying(string held, List<PointLot> heldLots)
        => purchases.FirstOrDefault(p => p.TransactionId == held) is { } purchase
            ? new QualifyingActivity { At = purchase.At, Spend = purchase.CountedSpend, Points = purchase.Awarded - purchase.Reversed, Transactions = 1 }
            : heldLots.Count == 0 ? null : new QualifyingActivity
            {
                At = heldLots[0].EarnedAt,
                Points = heldLots.Sum(l => l.Remaining),
                Referrals = heldLots.Any(l => l.RuleId == ReferrerRuleId) ? 1 : 0,
            };

    /// <summary>Records lots whose pending period has passed.</summary>
    public void Mature()
    {
        for (int i = 0; i < lots.Count; i++)
        {
            if (!lots[i].Matured && lots[i].IsAvailableAt(at))
            {
                lots[i] = lots[i] with { Matured = true };
                LotEntry($"{lots[i].Id}:available", LedgerEntryKind.BecameAvailable, lots[i].Remaining, lots[i].Id, "pending period over");
            }
        }
    }

    public void Purchase(Transaction transaction, MemberContext member, AccrualResult accrual, string? hold, string fingerprint)
    {
        AddLots(accrual, hold);
        bool comeback = program.Lifecycle.IsComeback(lastPurchase, at, zone);
        int? paidYear = null; // the birthday year whose once-a-year points this purchase pays
        if (member.Birthday is { } birthday)
        {
            foreach (var item in accrual.Items)
            {
                if (program.BirthdayRules.TryGetValue(item.RuleId, out var rule) && rule.Occurrence(birthday, at.InZone(zone).Date) is { } year)
                {
                    paidYear = year;
                }
            }
        }

        purchases.Add(new PurchaseRecord
        {
            TransactionId = transaction.Id,
            At = at,
            ProgramVersion = program.Version,
            Awarded = accrual.Total.Value,
            TierId = member.TierId,
            WasFirstPurchase = !hasPurchased,
            Segments = [.. member.Segments.Order(StringComparer.Ordinal)],
            EnrolledOn = member.EnrolledOn,
            Birthday = member.Birthday,
            BirthdayRewardYearBefore = birthdayYear,
            PaidBirthdayYear = paidYear,
            Held = hold is not null,
            WasReactivation = comeback,
            Grants = accrual.Claims.IsEmpty ? [] : [.. accrual.Claims.Where(c => c.Granted > 0)],
            CarriedIn = carried,
            CountedSpend = accrual.EligibleSpend.Amount,
            Returned = [.. transaction.Lines.Select(_ => 0m)],
            Fingerprint = fingerprint,
        });
        hasPurchased = true;
        if (comeback)
        {
            reactivatedAt = at;
        }

        if (lastPurchase is null || at > lastPurchase)
        {
            lastPurchase = at;
        }

        carried = accrual.CarriedFraction;
        birthdayYear = paidYear ?? birthdayYear;
        CountOfferUses(accrual);
        tallies = tallies.Count(program.PeriodCaps, at.InZone(zone).Date, accrual.Total.Value);
        lastActivity = at;
        if (hold is null)
        {
            CountSpend(accrual.EligibleSpend.Amount); // held spend counts once released
            CountDividendSpend(at, accrual.EligibleSpend.Amount);
        }
    }

    /// <summary>Counts a use of each limited offer that paid, in its window; keeps each offer's latest two windows.</summary>
    private void CountOfferUses(AccrualResult accrual)
    {
        var today = at.InZone(zone).Date;
        foreach (var item in accrual.Items)
        {
            if (item.Points <= 0m || !program.LimitedOffers.TryGetValue(item.RuleId, out var offer))
            {
                continue;
            }

            var window = offer.WindowOf(today);
            var uses = offerUses.Where(u => u.OfferId == offer.Id).ToList();
            var current = uses.FirstOrDefault(u => u.WindowStart == window);
            if (current is not null)
            {
                uses.Remove(current);
            }

            uses.Add(new OfferUse(offer.Id, window, (current?.Count ?? 0) + 1));
            var kept = uses.OrderByDescending(u => u.WindowStart).Take(2);
            offerUses = [.. offerUses.Where(u => u.OfferId != offer.Id).Concat(kept).OrderBy(u => u.OfferId, StringComparer.Ordinal).ThenBy(u => u.WindowStart)];
        }
    }

    public void Activity(AccrualResult accrual, string? hold)
    {
        foreach (var item in accrual.Items)
        {
            if (program.Activities.Any(r => r.OncePerMember && r.Id == item.RuleId) && !paidOnce.Contains(item.RuleId))
            {
                paidOnce = paidOnce.Add(item.RuleId);
            }
        }

        AddLots(accrual, hold);
        lastActivity = at;
    }

    /// <summary>A reviewer releases or voids held points (and held rewards) of one event.</summary>
    public string? Review(HoldReviewEvent review)
    {
        if (!lots.Any(l => l.HeldBy == review.HeldEventId) && !heldRewards.Any(r => r.EventId == review.HeldEventId))
        {
            return $"nothing of event '{review.HeldEventId}' is held (never held, already released or voided, or unknown).";
        }

        var heldLots = lots.Where(l => l.HeldBy == review.HeldEventId).ToList();
        Resolve(review.HeldEventId, review.Resolution, review.Reason, null);
        if (review.Resolution == HoldResolution.Release)
        {
            Qualifying = ReleasedQualifying(review.HeldEventId, heldLots); // released points now count toward tiers
        }

        return null;
    }

    /// <summary>Pays one side of a qualified referral: the referee's reward, or the referrer's from the ladder, within the caps.</summary>
    public string? ReferralAward(ReferralAwardEvent award, out AccrualResult? accrual)
    {
        accrual = null;
        var policy = program.Referral ?? throw Preconditions.Invalid("ledgerEvent", $"program '{program.Id}' has no referral policy to pay '{award.Id}' with.");
        ReferralReward reward;
        string why;
        bool capped = false;
        if (award.Side == ReferralSide.Referee)
        {
            if (policy.Referee is null)
            {
                return "the program does not reward referees.";
            }

            reward = policy.Referee;
            why = $"referral '{award.ReferralId}': referee reward";
        }
        else
        {
            if (!policy.RewardsReferrer)
            {
                return "the program does not reward referrers.";
            }

            if (at < RememberedReferralsFrom(policy))
            {
                return $"too late: the account no longer remembers the referrals paid in the {policy.Window.ToString().ToLowerInvariant()} of {at.InZone(zone).Date:uuuu-MM-dd}, so the ladder and caps cannot be applied.";
            }

            var (start, end) = ExpiryPolicy.PeriodAround(policy.Window, at.InZone(zone).Date, zone);
            var inWindow = referralsPaid.Where(p => p.At >= start && p.At < end).ToList();
            string window = $"this {policy.Window.ToString().ToLowerInvariant()}";
            if (inWindow.Count >= policy.MaxReferralsPerWindow)
            {
                return $"referrer cap reached: {inWindow.Count} referrals paid {window}, at most {policy.MaxReferralsPerWindow}.";
            }

            reward = policy.ReferrerReward(inWindow.Count + 1);
            why = FormattableString.Invariant($"referral '{award.ReferralId}': qualified referral no. {inWindow.Count + 1} {window}");
            if (reward.Name is null && policy.MaxPointsPerWindow is { } cap)
            {
                long left = cap - inWindow.Sum(p => p.Points);
                if (left <= 0)
                {
                    return FormattableString.Invariant($"referrer cap reached: {cap - left} referral points paid {window}, at most {cap}.");
                }

                if (reward.Points > left)
                {
                    why += FormattableString.Invariant($", cut from {reward.Points} to the {left} left under the cap of {cap}");
                    reward = ReferralReward.OfPoints(left);
                    capped = true;
                }
            }

            referralsPaid.Add(new ReferralPayment(award.ReferralId, at, reward.Points));
        }

        string ruleId = $"{policy.Id}/{ReferralAwardEvent.SideName(award.Side)}";
        if (award.HoldReason is null)
        {
            Qualifying = new QualifyingActivity { At = at, Points = reward.Points, Referrals = award.Side == ReferralSide.Referrer ? 1 : 0 };
        }

        if (reward.Name is null)
        {
            totals = totals with { Accrued = totals.Accrued + reward.Points };
            long points = award.HoldReason is null ? reward.Points - RepayDebt(reward.Points) : reward.Points;
            if (points > 0)
            {
                AddLot($"{eventId}/{ruleId}", ruleId, points, program.RuleLots.GetValueOrDefault(policy.Id) ?? program.Lots, award.HoldReason, why);
            }
        }
        else if (award.HoldReason is not null)
        {
            heldRewards.Add(new HeldReward(eventId, reward.Name, reward.Value, HoldDeadline()));
            Entry(LedgerEntryKind.Held, 0, null, $"{reward} held for review: {award.HoldReason}");
        }
        else
        {
            Entry(LedgerEntryKind.RewardIssued, 0, null, $"{reward}: {why}");
        }

        lastActivity = at;
        accrual = new AccrualResult(program.Id, program.Version, award.Id, award.MemberId, program.Currency,
            new AccrualTotal(new Points(reward.Points), reward.Points, 0m, 0m, capped),
            [new AccrualItem(ruleId, AccrualItemKind.Bonus, reward.Points, null, reward.Name is null ? why : $"{why}: {reward}")]);
        return null;
    }

    public string? Redeem(long points, string? cause, out Money? value)
    {
        value = null;
        var policy = program.Redemption;
        if (cause is not null && !policy.Causes.Contains(cause, StringComparer.Ordinal))
        {
            return policy.Causes.Count == 0
                ? "the program offers no donations."
                : $"cause '{cause}' is not one the program supports ({string.Join(", ", policy.Causes)}).";
        }

        if (points < policy.Minimum)
        {
            return FormattableString.Invariant($"redemptions start at {policy.Minimum} points; {points} asked.");
        }

        if (points % policy.Increment != 0)
        {
            return FormattableString.Invariant($"redemptions are in blocks of {policy.Increment} points; {points} is not.");
        }

        long available = Available();
        if (available < points)
        {
            return FormattableString.Invariant($"{points} points asked, {Math.Max(0, available)} available.");
        }

        value = program.Ledger.ValueOf(points);
        var taken = cause is null
            ? Take(points, pendingToo: false, LedgerEntryKind.Redeemed, "redeemed")
            : Take(points, pendingToo: false, LedgerEntryKind.Donated, $"donated to '{cause}' (worth {value})");
        redemptions.Add(new RedemptionRecord { Id = eventId, At = at, Taken = [.. taken], Cause = cause });
        totals = totals with { Redeemed = totals.Redeemed + points };
        lastActivity = at;
        return null;
    }

    public string? CancelRedemption(string redemptionId)
    {
        int index = redemptions.FindIndex(r => r.Id == redemptionId);
        if (index < 0)
        {
            return $"redemption '{redemptionId}' is not in the account (unknown, already cancelled, or older than the retention window).";
        }

        var record = redemptions[index];
        if (record.Cause is not null)
        {
            return $"redemption '{redemptionId}' was a donation to '{record.Cause}': a donation cannot be cancelled.";
        }

        redemptions.RemoveAt(index);
        foreach (var share in record.Taken)
        {
            int lot = lots.FindIndex(l => l.Id == share.Id);
            if (lot >= 0)
            {
                lots[lot] = lots[lot] with { Remaining = lots[lot].Remaining + share.Remaining };
            }
            else
            {
                Insert(share);
            }

            Entry(LedgerEntryKind.RedemptionCancelled, share.Remaining, share.Id, $"redemption '{redemptionId}' cancelled");
        }

        totals = totals with { Redeemed = totals.Redeemed - record.Taken.Sum(t => t.Remaining) };
        return null;
    }

    public string? Adjust(long points, string reason)
    {
        if (points > 0)
        {
            long repaid = RepayDebt(points);
            if (points > repaid)
            {
                AddLot($"{eventId}/adjustment", "adjustment", points - repaid, LotPolicy.Default with { Expiry = program.Lots.Expiry }, null, reason, LedgerEntryKind.Adjusted);
            }

            totals = totals with { AdjustedUp = totals.AdjustedUp + points };
            return null;
        }

        long take = -points;
        if (Available() < take)
        {
            return FormattableString.Invariant($"cannot take {take} points: {Math.Max(0, Available())} available.");
        }

        Take(take, pendingToo: false, LedgerEntryKind.Adjusted, reason);
        totals = totals with { AdjustedDown = totals.AdjustedDown + take };
        return null;
    }

    public string? Refund(RefundEvent refund)
    {
        int index = purchases.FindIndex(p => p.TransactionId == refund.Original.Id);
        if (index < 0)
        {
            return $"purchase '{refund.Original.Id}' is not in the account (unknown, or older than the refund window).";
        }

        var record = purchases[index];
        if (record.ProgramVersion != program.Version)
        {
            throw Preconditions.Invalid("refund.Original", $"purchase '{record.TransactionId}' was awarded by program version {record.ProgramVersion}; process its refund with that version, not {program.Version}.");
        }

        if (record.Fingerprint != EventFingerprint.Of(new PurchaseEvent(refund.Original)))
        {
            return $"refund '{eventId}' names purchase '{record.TransactionId}' with other content than the purchase that was applied.";
        }

        var returned = record.Returned.ToArray();
        foreach (var line in refund.Returned)
        {
            returned[line.LineIndex] += line.Quantity;
            if (returned[line.LineIndex] > refund.Original.Lines[line.LineIndex].Quantity)
            {
                return FormattableString.Invariant($"line {line.LineIndex} of '{record.TransactionId}' would be returned beyond its quantity {refund.Original.Lines[line.LineIndex].Quantity}.");
            }
        }

        if (record.Voided)
        {
            purchases[index] = record with { Returned = [.. returned] }; // its points were voided: nothing to take back, nothing counted
            return null;
        }

        // Re-evaluate what the member keeps, as the purchase was evaluated then (same version, tier, segments).
        var remaining = RefundRemainder.Of(refund.Original, returned, Currency.MinorUnitDigits(program.Currency));
        long kept = 0;
        decimal keptSpend = 0m;
        if (remaining is not null)
        {
            // The offers it used count as unused (the purchase had the right to them) and keep at most what was granted.
            var then = new MemberContext(refund.MemberId, record.TierId, record.WasFirstPurchase, record.EnrolledOn, record.Birthday, record.Segments, record.CarriedIn, record.BirthdayRewardYearBefore, isReactivation: record.WasReactivation);
            var result = program.Evaluator.EvaluateTotal(remaining, then, record.Grants);
            kept = result.Points.Value;
            keptSpend = result.EligibleSpend;
        }

        long due = Math.Max(0, record.Awarded - record.Reversed - kept);
        long fromOwn = TakeFrom(l => l.SourceId == record.TransactionId, due, LedgerEntryKind.Reversed, $"refund '{eventId}' of '{record.TransactionId}'");
        long shortfall = due - fromOwn;
        long reversed = fromOwn;
        if (shortfall > 0)
        {
            var policy = program.LedgerPolicy.Shortfall;
            if (policy == RefundShortfall.ClawBack)
            {
                long clawed = TakeFrom(l => !l.IsHeld, shortfall, LedgerEntryKind.Reversed, $"refund '{eventId}' of '{record.TransactionId}': clawed back from other points");
                reversed += clawed;
                shortfall -= clawed;
            }

            if (shortfall > 0 && policy == RefundShortfall.Debt)
            {
                debt += shortfall;
                reversed += shortfall;
                Entry(LedgerEntryKind.Debt, shortfall, null, $"refund '{eventId}' of '{record.TransactionId}': points already spent");
                shortfall = 0;
            }

            if (shortfall > 0)
            {
                totals = totals with { WrittenOff = totals.WrittenOff + shortfall };
                Entry(LedgerEntryKind.WrittenOff, shortfall, null, $"refund '{eventId}' of '{record.TransactionId}': points already spent, written off");
            }
        }

        if (remaining is null && record.PaidBirthdayYear is { } paid && birthdayYear == paid)
        {
            birthdayYear = record.BirthdayRewardYearBefore; // returned in full: the birthday points can be earned again
        }

        totals = totals with { Reversed = totals.Reversed + reversed };
        tallies = tallies.Count(program.PeriodCaps, record.At.InZone(zone).Date, -due);
        purchases[index] = record with { Reversed = record.Reversed + due, Returned = [.. returned], CountedSpend = keptSpend };
        if (record.Held)
        {
            return null; // still held: it counted toward nothing yet, so its refund takes nothing back from tiers or rewards
        }

        spendCounter -= record.CountedSpend - keptSpend;
        CountDividendSpend(record.At, keptSpend - record.CountedSpend);
        Qualifying = new QualifyingActivity
        {
            At = at,
            Spend = keptSpend - record.CountedSpend,
            Points = -due,
            Transactions = remaining is null && record.Returned.Select((r, i) => r < refund.Original.Lines[i].Quantity).Any(left => left) ? -1 : 0,
        };
        return null;
    }

    /// <summary>Expires what is due: lots past their expiry, or everything after the inactivity period.</summary>
    public void Expire()
    {
        var inactivity = program.Ledger.InactivityDeadline(account with { LastActivityAt = lastActivity });
        bool inactive = inactivity is { } deadline && deadline <= at;
        for (int i = lots.Count - 1; i >= 0; i--)
        {
            var lot = lots[i];
            if (lot.IsHeld)
            {
                continue; // held points are not the member's yet: they expire, if due, once released
            }

            if (inactive || (lot.ExpiresAt is { } expiry && expiry <= at))
            {
                lots.RemoveAt(i);
                totals = totals with { Expired = totals.Expired + lot.Remaining };
                LotEntry($"{eventId}:{lot.Id}", LedgerEntryKind.Expired, lot.Remaining, lot.Id, inactive ? "no activity for the inactivity period" : "lot expired");
            }
        }
    }

    public void Remember(string fingerprint, LedgerEventKind kind, long points) => applied = applied.Add(new AppliedEvent(eventId, fingerprint, at, kind, points));

    public MemberAccount ToAccount()
    {
        // Forget what the windows no longer need; keep every event id a live lot refers to.
        var today = at.InZone(zone).Date;
        var retention = ExpiryPolicy.StartOf(today.Minus(program.LedgerPolicy.Retention), zone);
        var refundWindow = ExpiryPolicy.StartOf(today.Minus(program.LedgerPolicy.RefundWindow), zone);
        var liveSources = lots.Select(l => l.SourceId).Concat(heldRewards.Select(r => r.EventId)).ToHashSet(StringComparer.Ordinal);
        var keepPaymentsFrom = program.Referral is { } referral ? RememberedReferralsFrom(referral) : Instant.MaxValue;
        return account with
        {
            Lots = [.. lots],
            Debt = debt,
            Totals = totals,
            LastActivityAt = lastActivity,
            HasPurchased = hasPurchased,
            CarriedFraction = carried,
            BirthdayRewardYear = birthdayYear,
            PaidOnceRules = paidOnce,
            OfferUses = offerUses,
            PeriodTallies = tallies.Forget(program.PeriodCaps, today.Minus(program.LedgerPolicy.Retention)),
            DividendSpend = [.. dividendSpend],
            DividendPaidThrough = dividendPaidThrough,
            LastPurchaseAt = lastPurchase,
            ReactivatedAt = reactivatedAt,
            SpendCounter = spendCounter,
            AppliedEvents = [.. applied.Where(a => a.At >= retention || liveSources.Contains(a.Id))],
            Purchases = [.. purchases.Where(p => p.At >= refundWindow)],
            Redemptions = [.. redemptions.Where(r => r.At >= retention)],
            ReferralsPaid = [.. referralsPaid.Where(p => p.At >= keepPaymentsFrom)],
            HeldRewards = [.. heldRewards],
        };
    }

    /// <summary>Pays the dividend of every period that has ended by now and was not paid.</summary>
    public void PayDividends()
    {
        if (program.Dividend is not { } policy)
        {
            return;
        }

        var today = at.InZone(zone).Date;
        foreach (var period in dividendSpend.OrderBy(d => d.PeriodStart).ToList())
        {
            var end = ExpiryPolicy.PeriodStart(policy.Period, period.PeriodStart, 1);
            if (end > today)
            {
                continue;
            }

            dividendSpend.Remove(period);
            dividendPaidThrough = period.PeriodStart;
            decimal exact = period.Spend * policy.Share * program.Redemption.PointsPerCurrencyUnit;
            long points = exact <= 0m ? 0 : decimal.ToInt64(AccrualEvaluator.Round(exact, program.Rounding.Mode));
            if (points <= 0)
            {
                continue;
            }

            totals = totals with { Accrued = totals.Accrued + points };
            string id = $"dividend@{period.PeriodStart:uuuu-MM-dd}";
            string reason = FormattableString.Invariant($"dividend: {policy.Share:0.####} of {new Money(period.Spend, program.Currency)} spent in the {policy.Period.ToString().ToLowerInvariant()} from {period.PeriodStart:uuuu-MM-dd}");
            long kept = points - RepayDebt(points);
            if (kept > 0)
            {
                var lot = new PointLot
                {
                    Id = id,
                    SourceId = id,
                    RuleId = "dividend",
                    Points = kept,
                    Remaining = kept,
                    EarnedAt = at,
                    AvailableAt = at,
                    ExpiresAt = program.Lots.Expiry.LotExpiry(today, zone),
                    Matured = true,
                };
                Insert(lot);
                LotEntry($"{id}#1", LedgerEntryKind.Accrued, kept, id, reason);
            }
        }
    }

    private void CountDividendSpend(Instant when, decimal spend)
    {
        if (program.Dividend is not { } policy || spend == 0m)
        {
            return;
        }

        var start = ExpiryPolicy.PeriodStart(policy.Period, when.InZone(zone).Date);
        if (dividendPaidThrough is { } paid && start <= paid)
        {
            return; // that period's dividend is paid: later changes no longer count
        }

        int index = dividendSpend.FindIndex(d => d.PeriodStart == start);
        if (index < 0)
        {
            dividendSpend.Add(new DividendSpend(start, spend));
        }
        else
        {
            dividendSpend[index] = dividendSpend[index] with { Spend = dividendSpend[index].Spend + spend };
        }
    }

    private long Available() => lots.Where(l => l.IsAvailableAt(at)).Sum(l => l.Remaining) - debt;

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

    /// <summary>
    /// Referral payments are remembered from the start of the window before the latest payment's window on, so an award
    /// that arrives late by up to a window still counts against the ladder and caps; an older one is refused.
    /// </summary>
    private Instant RememberedReferralsFrom(ReferralPolicy policy)
    {
        if (referralsPaid.Count == 0)
        {
            return Instant.MinValue;
        }

        var latest = referralsPaid.Max(p => p.At).InZone(zone).Date;
        return ExpiryPolicy.StartOf(ExpiryPolicy.PeriodStart(policy.Window, latest, -1), zone);
    }

    private string? ReferrerRuleId => program.Referral is { } referral ? $"{referral.Id}/referrer" : null;

    private Instant? HoldDeadline() => program.Fraud.Review?.Deadline(at, zone);

    /// <summary>Releases or voids everything one event holds; <paramref name="entryId"/> names the entries of a deadline.</summary>
    private void Resolve(string held, HoldResolution resolution, string reason, string? entryId)
    {
        int n = 0;
        bool release = resolution == HoldResolution.Release;
        void Record(LedgerEntryKind kind, long points, string? lotId, string text)
        {
            if (entryId is null)
            {
                Entry(kind, points, lotId, text);
            }
            else
            {
                entries.Add(new LedgerEntry($"{entryId}#{++n}", kind, points, at, lotId, text));
            }
        }

        long released = 0;
        for (int i = 0; i < lots.Count; i++)
        {
            var lot = lots[i];
            if (lot.HeldBy != held)
            {
                continue;
            }

            Record(release ? LedgerEntryKind.Released : LedgerEntryKind.Voided, lot.Remaining, lot.Id, $"held points of '{held}' {(release ? "released" : "voided")}: {reason}");
            if (release)
            {
                lots[i] = lot with { HeldBy = null, ReviewBy = null };
                released += lot.Remaining;
            }
            else
            {
                totals = totals with { Voided = totals.Voided + lot.Remaining };
                lots[i] = lot with { Remaining = 0 };
            }
        }

        lots.RemoveAll(l => l.Remaining == 0);
        int purchase = purchases.FindIndex(p => p.TransactionId == held && p.Held);
        if (purchase >= 0)
        {
            var record = purchases[purchase];
            purchases[purchase] = record with { Held = false, Voided = !release };
            if (!release)
            {
                tallies = tallies.Count(program.PeriodCaps, record.At.InZone(zone).Date, -(record.Awarded - record.Reversed)); // voided: never earned
            }

            if (release)
            {
                CountSpend(record.CountedSpend);
                CountDividendSpend(record.At, record.CountedSpend);
            }
        }

        foreach (var reward in heldRewards.Where(r => r.EventId == held).ToList())
        {
            heldRewards.Remove(reward);
            Record(release ? LedgerEntryKind.RewardIssued : LedgerEntryKind.Voided, 0, null, $"held reward {reward.Name} of '{held}' {(release ? "issued" : "voided")}: {reason}");
        }

        long repay = Math.Min(debt, released);
        if (repay > 0)
        {
            debt -= repay;
            Take(repay, pendingToo: true, LedgerEntryKind.DebtRepaid, "released points paid back a debt", l => l.SourceId == held);
        }

        Mature();
    }

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

            long share = Math.Min(points, lot.Remaining);
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
        => Take(Math.Min(points, lots.Where(which).Sum(l => l.Remaining)), pendingToo: true, kind, reason, which).Sum(l => l.Remaining);

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

    private void CountSpend(decimal spend)
    {
        if (program.SpendReward is not { } reward)
        {
            return;
        }

        spendCounter += spend;
        while (spendCounter >= reward.Step)
        {
            spendCounter -= reward.Step;
            var value = new Money(reward.RewardValue, program.Currency);
            Entry(LedgerEntryKind.RewardIssued, 0, null, $"{reward.Name} ({value}) for every {new Money(reward.Step, program.Currency)} spent");
        }
    }

    /// <summary>
    /// Records an entry. What an event does is numbered within the event (<c>{eventId}#{n}</c>), so the same event
    /// applied again, however the lots then stand, produces the same first id and a unique key refuses it.
    /// </summary>
    private void Entry(LedgerEntryKind kind, long points, string? lotId, string reason)
        => entries.Add(new LedgerEntry($"{eventId}#{++numbered}", kind, points, at, lotId, reason));

    /// <summary>Records an entry that belongs to a lot, not to the event (maturity, expiry).</summary>
    private void LotEntry(string id, LedgerEntryKind kind, long points, string lotId, string reason)
        => entries.Add(new LedgerEntry(id, kind, points, at, lotId, reason));
}
