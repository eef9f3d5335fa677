using System;
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
    /// <summary>A purchase's steps: what it adds to each game that counts it (held ones count once released).</summary>
    private void CountGames(Transaction purchase, decimal eligibleSpend, bool held)
    {
        CountStreaks(purchase, null, held);
        if (program.Games.IsEmpty)
        {
            return;
        }

        var day = at.InZone(zone).Date;
        foreach (var game in program.Games)
        {
            if (game.Runs(day) && game.Of(purchase, eligibleSpend) is var amount && amount > 0m)
            {
                AddStep(game, day, amount, held);
            }
        }
    }

    /// <summary>An activity's steps.</summary>
    private void CountGames(ActivityEvent activity, bool held)
    {
        CountStreaks(null, activity, held);
        if (program.Games.IsEmpty)
        {
            return;
        }

        var day = at.InZone(zone).Date;
        foreach (var game in program.Games)
        {
            if (game.Runs(day) && game.Of(activity) is var amount && amount > 0m)
            {
                AddStep(game, day, amount, held);
            }
        }
    }

    private void AddStep(Game game, LocalDate day, decimal amount, bool held)
    {
        var tallies = state.Get(GameState.Tallies);
        var window = game.WindowOf(day);
        int index = tallies.IndexOf(tallies.FirstOrDefault(t => t.Game == game.Id && t.Window == window)!);
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
    }

    /// <summary>A held purchase or activity was released (its steps count) or voided (they go).</summary>
    private void ResolveGames(string heldId, bool release)
    {
        string why = release ? $"'{heldId}' released" : $"'{heldId}' voided";
        ChangeSteps(heldId, (_, step) => step.Held ? step with { Held = false, Amount = release ? step.Amount : 0m } : step, why);
        ChangeStreaks(heldId, (_, _) => release, release, why);
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

    private GameTally Pay(Game game, GameTally tally, decimal measure)
    {
        int n = tally.Completions.Count(c => c.EventId == eventId) + 1;
        string what = Completed(game, tally, measure);
        var paid = PayReward(game.Reward, game.Id, n, what);
        foreach (var badge in program.Badges)
        {
            if (badge.Criterion is BadgeCriterion.CompletedCriterion completed && completed.Game == game.Id)
            {
                AwardBadge(badge.Id, game.Id, what);
            }
        }

        return tally with { Completions = tally.Completions.Add(new GameCompletion(eventId, at.InZone(zone).Date, paid.LotId, paid.VoucherId, paid.BadgeId)) };
    }

    private GameTally TakeBack(Game game, GameTally tally, decimal measure, string why)
    {
        string what = string.Create(CultureInfo.InvariantCulture, $"{Title(game)} no longer completed after {why}: {game.Amount(measure, program.Currency)} of {game.Amount(game.Target * tally.Paid, program.Currency)}");
        if (tally.Completions.IsEmpty)
        {
            // Paid by an event no refund can reach any more, and undone by one delivered late: the points come back from any.
            totals = totals with { Reversed = totals.Reversed + Reverse(game.Reward.Points.Value, static _ => false, what) };
            return tally with { SettledCompletions = tally.SettledCompletions - 1 };
        }

        var last = tally.Completions[^1];
        TakeBackReward(game.Reward, new PaidReward(last.LotId, last.VoucherId, last.BadgeId), what);
        return tally with { Completions = tally.Completions.RemoveAt(tally.Completions.Length - 1) };
    }

    /// <summary>Pays a game's reward (the <paramref name="n"/>th this event pays for <paramref name="gameId"/>): a lot, a voucher, a badge the member does not hold yet.</summary>
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

        string? badgeId = reward.BadgeId is { } badge && AwardBadge(badge, gameId, what) ? badge : null;
        lastActivity = at;
        return new PaidReward(lotId, voucherId, badgeId);
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

    /// <summary>Takes back what a payment gave: the points (from its lot first, then as the shortfall policy says), an unused voucher, the badge.</summary>
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
            int i = vouchers.IndexOf(vouchers.FirstOrDefault(v => v.Id == voucherId)!);
            if (i >= 0 && vouchers[i].Status == VoucherStatus.Issued)
            {
                state = state.With(VoucherState.Vouchers, vouchers.SetItem(i, vouchers[i] with { Status = VoucherStatus.Voided, ClosedAt = at }));
                Entry(LedgerEntryKind.VoucherVoided, 0, null, $"{what}: voucher '{voucherId}' voided", Reward(vouchers[i]));
            }
        }

        if (paid.BadgeId is { } badge)
        {
            state = state.With(GameState.Badges, state.Get(GameState.Badges).RemoveAll(b => b.Id == badge));
            Entry(LedgerEntryKind.BadgeRevoked, 0, null, $"{what}: badge '{badge}' taken back");
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

/// <summary>What one payment of a game's reward gave: its lot, voucher and badge (each null when none).</summary>
internal readonly record struct PaidReward(string? LotId, string? VoucherId, string? BadgeId);
