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

        var day = at.InZone(zone).Date;
        foreach (var streak in program.Streaks)
        {
            bool qualifies = purchase is not null ? streak.Qualifies(purchase) : activity is not null && streak.Activity == activity.Kind;
            if (!qualifies)
            {
                continue;
            }

            var tallies = state.Get(StreakState.Tallies);
            int index = tallies.IndexOf(tallies.FirstOrDefault(t => t.Streak == streak.Id)!);
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

    private void SaveStreak(int index, StreakTally tally)
    {
        var tallies = state.Get(StreakState.Tallies);
        state = state.With(StreakState.Tallies, index < 0 ? tallies.Add(tally) : tallies.SetItem(index, tally));
    }

    /// <summary>Pays each run the lengths it reached and has not had, and takes back what no run reaches any more.</summary>
    private StreakTally SettleStreak(Streak streak, StreakTally tally, string? why)
    {
        var runs = StreakRun.Of(streak, tally.Steps);
        var due = runs.SelectMany(r => streak.Rewards.Where(w => w.Length <= r.Length).Select(w => (r.Start, w.Length))).ToHashSet();
        foreach (var paid in tally.Paid.Where(p => !due.Contains((p.RunStart, p.Length))).Reverse().ToArray())
        {
            var reward = streak.Rewards.FirstOrDefault(w => w.Length == paid.Length)?.Reward ?? new GameReward();
            TakeBackReward(reward, new PaidReward(paid.LotId, paid.VoucherId, paid.BadgeId), string.Create(CultureInfo.InvariantCulture, $"streak '{streak.Id}' ({streak.Name}) no longer {streak.Unit(paid.Length)} in a row from {paid.RunStart:uuuu-MM-dd} after {why ?? $"'{eventId}'"}"));
            tally = tally with { Paid = tally.Paid.Remove(paid) };
        }

        foreach (var run in runs)
        {
            foreach (var reward in streak.Rewards)
            {
                if (reward.Length > run.Length || tally.Paid.Any(p => p.RunStart == run.Start && p.Length == reward.Length))
                {
                    continue;
                }

                int n = tally.Paid.Count(p => p.EventId == eventId) + 1;
                var paid = PayReward(reward.Reward, streak.Id, n, string.Create(CultureInfo.InvariantCulture, $"streak '{streak.Id}' ({streak.Name}): {streak.Unit(reward.Length)} in a row from {run.Start:uuuu-MM-dd}"));
                tally = tally with { Paid = tally.Paid.Add(new StreakPayment(run.Start, reward.Length, eventId, paid.LotId, paid.VoucherId, paid.BadgeId)) };
            }
        }

        int longest = runs.Count == 0 ? 0 : runs.Max(r => r.Length);
        foreach (var badge in program.Badges)
        {
            if (badge.Criterion is BadgeCriterion.StreakCriterion criterion && criterion.Streak == streak.Id && criterion.Length <= longest)
            {
                AwardBadge(badge.Id, streak.Id, string.Create(CultureInfo.InvariantCulture, $"streak '{streak.Id}' ({streak.Name}): {streak.Unit(criterion.Length)} in a row"));
            }
        }

        return tally;
    }
}
