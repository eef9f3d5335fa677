using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>
/// Challenges and stamp cards: what each purchase or activity adds to its game's window, and the completions that
/// follow from a window's measure, paid (or taken back) by the event that changes it.
/// </summary>
internal sealed partial class AccountDraft
{
    private string? lastGameChange; // the text of the last completion paid or taken back, for the badge entries that follow it
    private bool tookBackGame; // whether this event took a completion back: only then can a reward's badge go (not when the windows forget what gave it)

    /// <summary>A purchase's steps: what it adds to each game that counts it (held ones count once released).</summary>
    private void CountGames(Transaction purchase, decimal eligibleSpend, bool held)
    {
        CountStreaks(purchase, null, held);
        if (program.Games.IsEmpty)
        {
            return;
        }

        var day = Today;
        foreach (var game in program.Games)
        {
            if (game.Runs(day) && Takes(game) && game.Of(purchase, eligibleSpend) is var amount && amount > 0m)
            {
                AddStep(game, day, amount, held);
            }
        }

        SyncRewardBadges();
    }

    /// <summary>An activity's steps.</summary>
    private void CountGames(ActivityEvent activity, bool held)
    {
        CountStreaks(null, activity, held);
        if (program.Games.IsEmpty)
        {
            return;
        }

        var day = Today;
        foreach (var game in program.Games)
        {
            if (game.Runs(day) && Takes(game) && game.Of(activity) is var amount && amount > 0m)
            {
                AddStep(game, day, amount, held);
            }
        }

        SyncRewardBadges();
    }

    /// <summary>Whether the member takes part in <paramref name="game"/> at this event: always, or once enrolled at or before it.</summary>
    private bool Takes(Game game) => !game.RequiresEnrolment || state.Get(GameState.Enrolments).Any(e => e.Challenge == game.Id && e.At <= at);

    /// <summary>A member opts in to a challenge that requires it, once.</summary>
    public string? Enrol(ChallengeEnrolmentEvent e)
    {
        if (!program.GamesById.TryGetValue(e.ChallengeId, out var game) || game.Kind != GameKind.Challenge)
        {
            return $"challenge '{e.ChallengeId}' is not in program '{program.Id}'.";
        }

        if (!game.RequiresEnrolment)
        {
            return $"challenge '{game.Id}' needs no enrolment: every member takes part.";
        }

        var enrolments = state.Get(GameState.Enrolments);
        if (enrolments.FirstOrDefault(x => x.Challenge == game.Id) is { } before)
        {
            return $"the member enrolled in challenge '{game.Id}' already, by '{before.EventId}' at {before.At}.";
        }

        state = state.With(GameState.Enrolments, enrolments.Add(new GameEnrolment(game.Id, at, eventId)));
        lastActivity = at;
        return null;
    }

    private void AddStep(Game game, LocalDate day, decimal amount, bool held)
    {
        var tallies = state.Get(GameState.Tallies);
        var window = game.WindowOf(day);
        int index = tallies.FindIndex(t => t.Game == game.Id && t.Window == window);
        var tally = index < 0 ? new GameTally(game.Id, window) : tallies[index];
        tally = tally with { Steps = tally.Steps.Add(new GameStep(eventId, day, amount, held)) };
        Save(index, held ? tally : Settle(game, tally, null));
    }

    /// <summary>A refund: the purchase's steps become what is left of it (<paramref name="remaining"/>) adds; completions follow.</summary>
    private void RecountGames(string purchaseId, Transaction? remaining, decimal keptSpend)
    {
        string why = $"refund '{eventId}' of '{purchaseId}'";
        ChangeSteps(purchaseId, (game, step) => step with { Amount = game.Of(remaining, keptSpend) }, why);
        ChangeStreaks(purchaseId, (streak, _) => remaining is not null && streak.Qualifies(remaining), release: false, why);
        SyncRewardBadges();
    }

    /// <summary>A held purchase or activity was released (its steps count) or voided (they go).</summary>
    private void ResolveGames(string heldId, bool release)
    {
        string why = release ? $"'{heldId}' released" : $"'{heldId}' voided";
        ChangeSteps(heldId, (_, step) => step.Held ? step with { Held = false, Amount = release ? step.Amount : 0m } : step, why);
        ChangeStreaks(heldId, (_, _) => release, release, why);
        SyncRewardBadges();
    }

    private void ChangeSteps(string sourceId, Func<Game, GameStep, GameStep> change, string why)
    {
        var tallies = state.Get(GameState.Tallies);
        for (int i = 0; i < tallies.Length; i++)
        {
            var tally = tallies[i];
            if (!tally.Steps.Any(s => s.EventId == sourceId) || !program.GamesById.TryGetValue(tally.Game, out var game))
            {
                continue;
            }

            var steps = tally.Steps.Select(s => s.EventId == sourceId ? change(game, s) : s).Where(s => s.Amount > 0m).ToImmutableArray();
            Save(i, Settle(game, tally with { Steps = steps }, why));
            tallies = state.Get(GameState.Tallies);
        }
    }

    /// <summary>Whether a lot is a game's reward (a challenge, card or streak paid it), not what its event earned.</summary>
    private bool IsGameLot(PointLot lot) => (!program.Games.IsEmpty || !program.Streaks.IsEmpty) && (program.GamesById.ContainsKey(lot.RuleId) || program.StreaksById.ContainsKey(lot.RuleId));

    private void Save(int index, GameTally tally)
    {
        var tallies = state.Get(GameState.Tallies);
        state = state.With(GameState.Tallies, index < 0 ? tallies.Add(tally) : tallies.SetItem(index, tally));
    }

    /// <summary>Pays the completions the window's measure is worth and has not had, or takes back those it no longer is (<paramref name="why"/>: what took them back).</summary>
    private GameTally Settle(Game game, GameTally tally, string? why)
    {
        decimal measure = tally.Measure(game);
        int due = game.Completions(measure);
        while (tally.Paid < due)
        {
            tally = Pay(game, tally, measure);
        }

        while (tally.Paid > due)
        {
            tally = TakeBack(game, tally, measure, why ?? $"'{eventId}'");
        }

        return tally;
    }

    /// <summary>
    /// The badges games give as rewards follow from what stays paid: held while any challenge, card or lifetime count
    /// with a completion paid, or a streak payment, gives it; earned by this event when it starts to be, taken back
    /// when it stops (so two games giving one badge keep it while either holds it). Criterion badges are not touched.
    /// </summary>
    private void SyncRewardBadges()
    {
        if (program.Badges.IsEmpty)
        {
            return;
        }

        string why = lastGameChange ?? $"'{eventId}'";
        bool tookBack = tookBackGame;
        (lastGameChange, tookBackGame) = (null, false);

        var held = new HashSet<string>(StringComparer.Ordinal);
        var by = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tally in state.Get(GameState.Tallies))
        {
            if (tally.Paid > 0 && program.GamesById.TryGetValue(tally.Game, out var game) && game.Reward.BadgeId is { } badge && held.Add(badge))
            {
                by[badge] = game.Id;
            }
        }

        foreach (var tally in state.Get(StreakState.Tallies))
        {
            if (program.StreaksById.TryGetValue(tally.Streak, out var streak))
            {
                foreach (var paid in tally.Paid)
                {
                    if (streak.Rewards.FirstOrDefault(r => r.Length == paid.Length)?.Reward.BadgeId is { } badge && held.Add(badge))
                    {
                        by[badge] = streak.Id;
                    }
                }
            }
        }

        var badges = state.Get(GameState.Badges);
        foreach (var earned in badges)
        {
            if (tookBack && !held.Contains(earned.Id) && program.BadgesById.TryGetValue(earned.Id, out var definition) && definition.Criterion is null or BadgeCriterion.LifetimeCriterion)
            {
                state = state.With(GameState.Badges, state.Get(GameState.Badges).Remove(earned));
                Entry(LedgerEntryKind.BadgeRevoked, 0, null, $"{why}: badge '{earned.Id}' taken back");
            }
        }

        foreach (var badge in held)
        {
            AwardBadge(badge, by[badge], why);
        }
    }

    private GameTally Pay(Game game, GameTally tally, decimal measure)
    {
        // Numbered per event and game: one event (a review releasing holds at their deadline) can complete several windows.
        int n = tally.Completions.Count(c => c.EventId == eventId) + 1
            + state.Get(GameState.Tallies).Where(t => t.Game == game.Id && t.Window != tally.Window).Sum(t => t.Completions.Count(c => c.EventId == eventId));
        string what = Completed(game, tally, measure);
        var paid = PayReward(game.Reward, game.Id, n, what);
        lastGameChange = what;
        foreach (var badge in program.Badges)
        {
            if (badge.Criterion is BadgeCriterion.CompletedCriterion completed && completed.Game == game.Id)
            {
                AwardBadge(badge.Id, game.Id, what);
            }
        }

        return tally with { Completions = tally.Completions.Add(new GameCompletion(eventId, Today, paid.LotId, paid.VoucherId)) };
    }

    private GameTally TakeBack(Game game, GameTally tally, decimal measure, string why)
    {
        string what = string.Create(CultureInfo.InvariantCulture, $"{Title(game)} no longer completed after {why}: {game.Amount(measure, program.Currency)} of {game.Amount(game.Target * tally.Paid, program.Currency)}");
        if (tally.Completions.IsEmpty)
        {
            // Paid by an event no refund can reach any more, and undone by one delivered late: the points come back from any.
            totals = totals with { Reversed = totals.Reversed + Reverse(game.Reward.Points.Value, static _ => false, what) };
            (lastGameChange, tookBackGame) = (what, true);
            return tally with { SettledCompletions = tally.SettledCompletions - 1 };
        }

        (lastGameChange, tookBackGame) = (what, true);
        var last = tally.Completions[^1];
        TakeBackReward(game.Reward, new PaidReward(last.LotId, last.VoucherId), what);
        return tally with { Completions = tally.Completions.RemoveAt(tally.Completions.Length - 1) };
    }

    /// <summary>Pays a game's reward (the <paramref name="n"/>th this event pays for <paramref name="gameId"/>): a lot and a voucher; its badge follows from what stays paid (<see cref="SyncRewardBadges"/>).</summary>
    private PaidReward PayReward(GameReward reward, string gameId, int n, string what)
    {
        string? lotId = null;
        if (reward.Points.Value > 0)
        {
            long points = reward.Points.Value;
            totals = totals with { Accrued = totals.Accrued + points };
            points -= RepayDebt(points);
            if (points > 0)
            {
                lotId = n == 1 ? $"{eventId}/{gameId}" : string.Create(CultureInfo.InvariantCulture, $"{eventId}/{gameId}#{n}");
                AddLot(lotId, gameId, points, program.Lots, null, $"{what}: {reward.Points.Value} points");
            }
        }

        string? voucherId = null;
        if (reward.RewardId is { } rewardId && program.RewardsById.TryGetValue(rewardId, out var catalog))
        {
            voucherId = NextVoucherId();
            Issue(voucherId, catalog.Id, catalog.Name, catalog.Value, catalog.Product, 0, ValidUntil(catalog.ValidForDays), $"{what}: reward '{catalog.Id}' ({catalog.Name}), voucher '{voucherId}'");
        }

        return new PaidReward(lotId, voucherId); // no activity of its own: the purchase or activity behind it counted already
    }

    /// <summary>Awards a badge the member does not hold yet; whether it did.</summary>
    private bool AwardBadge(string badge, string gameId, string what)
    {
        var badges = state.Get(GameState.Badges);
        if (badges.Any(b => b.Id == badge))
        {
            return false;
        }

        state = state.With(GameState.Badges, badges.Add(new EarnedBadge(badge, at, eventId, gameId)));
        Entry(LedgerEntryKind.BadgeEarned, 0, null, $"{what}: badge '{badge}'");
        return true;
    }

    /// <summary>Takes back what a payment gave: the points (from its lot first, then as the shortfall policy says) and an unused voucher.</summary>
    private void TakeBackReward(GameReward reward, PaidReward paid, string what)
    {
        if (reward.Points.Value > 0)
        {
            string? lot = paid.LotId;
            totals = totals with { Reversed = totals.Reversed + Reverse(reward.Points.Value, l => l.Id == lot, what) };
        }

        if (paid.VoucherId is { } voucherId)
        {
            var vouchers = state.Get(VoucherState.Vouchers);
            int i = vouchers.FindIndex(v => v.Id == voucherId);
            if (i >= 0 && vouchers[i].Status == VoucherStatus.Issued)
            {
                state = state.With(VoucherState.Vouchers, vouchers.SetItem(i, vouchers[i] with { Status = VoucherStatus.Voided, ClosedAt = at }));
                Entry(LedgerEntryKind.VoucherVoided, 0, null, $"{what}: voucher '{voucherId}' voided", Reward(vouchers[i]));
            }
        }
    }

    private string Completed(Game game, GameTally tally, decimal measure)
    {
        string window = game.Window is { } period ? string.Create(CultureInfo.InvariantCulture, $" in the {period.ToString().ToLowerInvariant()} from {tally.Window:uuuu-MM-dd}") : "";
        return game.Kind == GameKind.StampCard
            ? string.Create(CultureInfo.InvariantCulture, $"{Title(game)} full: {game.Amount(game.Target * (tally.Paid + 1), program.Currency)} stamped")
            : $"{Title(game)} completed: {game.Amount(measure, program.Currency)} of {game.Amount(game.Target * (tally.Paid + 1), program.Currency)}{window}";
    }

    private static string Title(Game game) => game.Kind switch
    {
        GameKind.StampCard => $"stamp card '{game.Id}' ({game.Name})",
        GameKind.Badge => $"lifetime count of badge '{game.Reward.BadgeId}' ({game.Name})",
        _ => $"challenge '{game.Id}' ({game.Name})",
    };
}

/// <summary>What one payment of a game's reward gave: its lot and voucher (each null when none).</summary>
internal readonly record struct PaidReward(string? LotId, string? VoucherId);
