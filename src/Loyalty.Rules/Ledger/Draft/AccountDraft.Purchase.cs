using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;

namespace Loyalty.Rules;

/// <summary>A purchase: its lots, the record a refund needs, first purchase, comeback, birthday year, offer uses, period tallies and spend counters.</summary>
internal sealed partial class AccountDraft
{
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
            BirthdayRewardYearBefore = state.Get(BirthdayRewardState.PaidYear),
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
        if (paidYear is not null)
        {
            state = state.With(BirthdayRewardState.PaidYear, paidYear);
        }

        CountOfferUses(accrual);
        state = state.With(MemberPeriodCapState.Tallies, state.Get(MemberPeriodCapState.Tallies).Count(program.PeriodCaps, at.InZone(zone).Date, accrual.Total.Value));
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
            var offerUses = state.Get(TargetedOfferState.Uses);
            var uses = offerUses.Where(u => u.OfferId == offer.Id).ToList();
            var current = uses.FirstOrDefault(u => u.WindowStart == window);
            if (current is not null)
            {
                uses.Remove(current);
            }

            uses.Add(new OfferUse(offer.Id, window, (current?.Count ?? 0) + 1));
            var kept = uses.OrderByDescending(u => u.WindowStart).Take(2);
            state = state.With(TargetedOfferState.Uses, [.. offerUses.Where(u => u.OfferId != offer.Id).Concat(kept).OrderBy(u => u.OfferId, StringComparer.Ordinal).ThenBy(u => u.WindowStart)]);
        }
    }

    private void CountSpend(decimal spend)
    {
        if (program.SpendReward is not { } reward)
        {
            return;
        }

        var counter = state.Get(SpendRewardState.Counter) + spend;
        for (; counter >= reward.Step; counter -= reward.Step)
        {
            var value = new Money(reward.RewardValue, program.Currency);
            Entry(LedgerEntryKind.RewardIssued, 0, null, $"{reward.Name} ({value}) for every {new Money(reward.Step, program.Currency)} spent");
        }

        state = state.With(SpendRewardState.Counter, counter);
    }
}
