using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;

namespace Loyalty.Rules;

/// <summary>Streaks: the periods each purchase or activity qualifies, and the rewards the runs reach, paid or taken back as they change.</summary>
internal sealed partial class AccountDraft
{
    private void CountStreaks(Transaction? purchase, ActivityEvent? activity, bool held)
    {
        if (program.Streaks.IsEmpty)
        {
            return;
        }

        var day = Today;
        foreach (var streak in program.Streaks)
        {
            bool qualifies = purchase is not null ? streak.Qualifies(purchase) : activity is not null && streak.Activity == activity.Kind;
            if (!qualifies)
            {
                continue;
            }

            var tallies = state.Get(StreakState.Tallies);
            int index = tallies.FindIndex(t => t.Streak == streak.Id);
            var tally = index < 0 ? new StreakTally(streak.Id) : tallies[index];
            tally = tally with { Steps = tally.Steps.Add(new GameStep(eventId, streak.PeriodOf(day), 1m, held)) };
            SaveStreak(index, held ? tally : SettleStreak(streak, tally, null));
        }
    }

    /// <summary>A refund (the purchase keeps its periods while what is left still qualifies), a release or a void.</summary>
    private void ChangeStreaks(string sourceId, System.Func<Streak, GameStep, bool> keeps, bool release, string why)
    {
        var tallies = state.Get(StreakState.Tallies);
        for (int i = 0; i < tallies.Length; i++)
        {
            var tally = tallies[i];
            if (!tally.Steps.Any(s => s.EventId == sourceId) || !program.StreaksById.TryGetValue(tally.Streak, out var streak))
            {
                continue;
            }

            var steps = tally.Steps.Where(s => s.EventId != sourceId || keeps(streak, s)).Select(s => s.EventId == sourceId && release ? s with { Held = false } : s).ToImmutableArray();
            SaveStreak(i, SettleStreak(streak, tally with { Steps = steps }, why));
            tallies = state.Get(StreakState.Tallies);
        }
    }

    /// <summary>Whether a payment's points are all still in its lot and its voucher unused.</summary>
    private bool Untouched(StreakPayment paid)
        => (paid.LotId is not { } lotId || lots.Any(l => l.Id == lotId && l.Remaining == l.Points))
           && (paid.VoucherId is not { } voucherId || state.Get(VoucherState.Vouchers).Any(v => v.Id == voucherId && v.Status == VoucherStatus.Issued));

    private void SaveStreak(int index, StreakTally tally)
    {
        var tallies = state.Get(StreakState.Tallies);
        state = state.With(StreakState.Tallies, index < 0 ? tallies.Add(tally) : tallies.SetItem(index, tally));
    }

    /// <summary>
    /// Pays each run the lengths it reached and has not had, and takes back what no run reaches any more. A payment
    /// belongs to the run its first period falls in (a run that grows backwards, by a purchase delivered late, keeps
    /// it); one run keeps one payment per length, so runs that a late purchase joins keep one.
    /// </summary>
    private StreakTally SettleStreak(Streak streak, StreakTally tally, string? why)
    {
        var runs = StreakRun.Of(streak, tally.Steps);
        var kept = new HashSet<StreakPayment>();
        foreach (var run in runs)
        {
            foreach (var length in streak.Rewards.Select(r => r.Length).Where(l => l <= run.Length))
            {
                bool first = true;
                foreach (var paid in tally.Paid.Where(p => p.Length == length && p.RunStart >= run.Start && p.RunStart <= run.Last))
                {
                    // Two runs a late purchase joined each paid: the second payment goes back while it is untouched;
                    // one the member has spent stays (taking it back would write off points a split would pay again).
                    if (first || !Untouched(paid))
                    {
                        kept.Add(paid);
                    }

                    first = false;
                }
            }
        }

        foreach (var paid in tally.Paid.Where(p => !kept.Contains(p)).Reverse().ToArray())
        {
            var reward = streak.Rewards.FirstOrDefault(w => w.Length == paid.Length)?.Reward ?? new GameReward();
            lastGameChange = string.Create(CultureInfo.InvariantCulture, $"streak '{streak.Id}' ({streak.Name}) no longer {streak.Unit(paid.Length)} in a row from {paid.RunStart:uuuu-MM-dd} after {why ?? $"'{eventId}'"}");
            tookBackGame = true;
            TakeBackReward(reward, new PaidReward(paid.LotId, paid.VoucherId), lastGameChange);
            tally = tally with { Paid = tally.Paid.Remove(paid) };
        }

        foreach (var run in runs)
        {
            foreach (var reward in streak.Rewards)
            {
                if (reward.Length > run.Length || tally.Paid.Any(p => p.Length == reward.Length && p.RunStart >= run.Start && p.RunStart <= run.Last))
                {
                    continue;
                }

                int n = tally.Paid.Count(p => p.EventId == eventId) + 1;
                lastGameChange = string.Create(CultureInfo.InvariantCulture, $"streak '{streak.Id}' ({streak.Name}): {streak.Unit(reward.Length)} in a row from {run.Start:uuuu-MM-dd}");
                var paid = PayReward(reward.Reward, streak.Id, n, lastGameChange);
                tally = tally with { Paid = tally.Paid.Add(new StreakPayment(run.Start, reward.Length, eventId, paid.LotId, paid.VoucherId)) };
            }
        }

        // A streak-length badge is held while the longest run (a forgotten one's length kept) reaches it: a refund, a
        // voided hold or a late purchase that moves a freeze can take it back; a run merely ending cannot.
        int longest = Math.Max(tally.SettledLongest, runs.Count == 0 ? 0 : runs.Max(r => r.Length));
        foreach (var badge in program.Badges)
        {
            if (badge.Criterion is not BadgeCriterion.StreakCriterion criterion || criterion.Streak != streak.Id)
            {
                continue;
            }

            string what = string.Create(CultureInfo.InvariantCulture, $"streak '{streak.Id}' ({streak.Name}): {streak.Unit(criterion.Length)} in a row");
            if (criterion.Length <= longest)
            {
                AwardBadge(badge.Id, streak.Id, what);
            }
            else if (state.Get(GameState.Badges).FirstOrDefault(b => b.Id == badge.Id) is { } earned)
            {
                state = state.With(GameState.Badges, state.Get(GameState.Badges).Remove(earned));
                Entry(LedgerEntryKind.BadgeRevoked, 0, null, $"{what} no longer reached after {why ?? $"'{eventId}'"}: badge '{badge.Id}' taken back");
            }
        }

        return tally;
    }
}
