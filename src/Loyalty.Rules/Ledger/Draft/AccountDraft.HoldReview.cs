using System;
using NodaTime;
using System.Collections.Generic;
using System.Linq;

namespace Loyalty.Rules;

/// <summary>Held points and rewards: released or voided by a reviewer, or as the program says at their review deadline.</summary>
internal sealed partial class AccountDraft
{
    /// <summary>Resolves held points whose review deadline has passed, as the program's hold review says.</summary>
    public void ReviewDue()
    {
        if (program.Fraud.Review is not { } review)
        {
            return;
        }

        if (!AnyReviewDue())
        {
            return; // the common case: nothing held, or nothing past its deadline
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

    private bool AnyReviewDue()
    {
        lots.Spans(out var first, out var then);
        if (Due(first, at) || Due(then, at))
        {
            return true;
        }

        foreach (var reward in heldRewards)
        {
            if (reward.ReviewBy <= at)
            {
                return true;
            }
        }

        return false;

        static bool Due(ReadOnlySpan<PointLot> lots, Instant at)
        {
            foreach (var lot in lots)
            {
                if (lot.ReviewBy is { } deadline && deadline <= at)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>What held events released at their review deadline add to tier qualification, in order.</summary>
    public List<QualifyingActivity> DeadlineReleases { get; } = [];

    /// <summary>What a released event adds to tier qualification, as it would have when earned.</summary>
    private QualifyingActivity? ReleasedQualifying(string held, List<PointLot> heldLots)
        => purchases.FirstOrDefault(p => p.TransactionId == held) is { } purchase
            ? new QualifyingActivity { At = purchase.At, Spend = purchase.CountedSpend, Points = purchase.Awarded - purchase.Reversed, Transactions = 1, TierCredits = purchase.TierCredits }
            : heldLots.Count == 0 ? null : new QualifyingActivity
            {
                At = heldLots[0].EarnedAt,
                Points = heldLots.Sum(l => l.Remaining.Value),
                Referrals = heldLots.Any(l => l.RuleId == ReferrerRuleId) ? 1 : 0,
            };

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

    /// <summary>Releases or voids everything one event holds; <paramref name="entryId"/> names the entries of a deadline.</summary>
    private void Resolve(string held, HoldResolution resolution, string reason, string? entryId)
    {
        int n = 0;
        bool release = resolution == HoldResolution.Release;
        void Record(LedgerEntryKind kind, long points, string? lotId, string text, IssuedReward? reward = null)
        {
            if (entryId is null)
            {
                Entry(kind, points, lotId, text, reward);
            }
            else if (!Quiet)
            {
                entries.Add(new LedgerEntry($"{entryId}#{++n}", kind, points, at, lotId, text) { Reward = reward });
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

            Record(release ? LedgerEntryKind.Released : LedgerEntryKind.Voided, lot.Remaining.Value, lot.Id, $"held points of '{held}' {(release ? "released" : "voided")}: {reason}");
            if (release)
            {
                lots[i] = lot with { HeldBy = null, ReviewBy = null };
                Pending(lots[i]);
                released += lot.Remaining.Value;
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
                state = state.Count(new EarnedPoints(program, record.At.InZone(zone).Date, -(record.Awarded - record.Reversed), null)); // voided: never earned
            }

            if (release)
            {
                CountSpend(record.CountedSpend);
                CountDividendSpend(record.At, record.CountedSpend);
            }
        }

        ResolveGames(held, release);
        foreach (var reward in heldRewards.Where(r => r.EventId == held).ToList())
        {
            heldRewards.RemoveAt(heldRewards.FindIndex(r => ReferenceEquals(r, reward)));
            if (release)
            {
                string id = $"{held}/voucher";
                var until = ValidUntil(reward.ValidForDays);
                Record(LedgerEntryKind.RewardIssued, 0, null, $"held reward {reward.Name} of '{held}' issued: {reason}, voucher '{id}', {Validity(until)}", AddVoucher(id, reward.RuleId ?? "referral", reward.Name, reward.Value, null, 0, until));
            }
            else
            {
                Record(LedgerEntryKind.Voided, 0, null, $"held reward {reward.Name} of '{held}' voided: {reason}", new IssuedReward(reward.Name, new Money(reward.Value, program.Currency)));
            }
        }

        long repay = Math.Min(debt, released);
        if (repay > 0)
        {
            debt -= repay;
            Take(repay, pendingToo: true, LedgerEntryKind.DebtRepaid, "released points paid back a debt", l => l.SourceId == held);
        }

        Mature();
    }
}
