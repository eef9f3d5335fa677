using System;
using System.Linq;

namespace Loyalty.Rules;

/// <summary>A purchase: its lots, the record a refund needs, first purchase, comeback, birthday year, offer uses, period tallies and spend counters.</summary>
internal sealed partial class AccountDraft
{
    public void Purchase(Transaction transaction, MemberContext member, AccrualResult accrual, string? hold, string fingerprint)
    {
        AddLots(accrual, hold);
        bool comeback = IsComeback();
        int? paidYear = BirthdayRewardState.YearPaid(program, member.Birthday, Today, accrual);

        purchases.Add(new PurchaseRecord
        {
            TransactionId = transaction.Id,
            At = at,
            ProgramVersion = program.Version,
            Awarded = accrual.Total.Value,
            TierId = member.TierId,
            WasFirstPurchase = !hasPurchased,
            Segments = member.Segments.Count == 0 ? [] : [.. member.Segments.Order(StringComparer.Ordinal)],
            EnrolledOn = member.EnrolledOn,
            Birthday = member.Birthday,
            BirthdayRewardYearBefore = state.Get(BirthdayRewardState.PaidYear),
            PaidBirthdayYear = paidYear,
            Held = hold is not null,
            WasReactivation = comeback,
            Grants = accrual.Claims.IsEmpty ? [] : [.. accrual.Claims.Where(c => c.Granted > 0)],
            CarriedIn = carried,
            CountedSpend = accrual.EligibleSpend.Amount,
            TierCredits = accrual.TierCredits.Value,
            Returned = PurchaseRecord.NothingReturned(transaction.Lines.Length),
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

        state = state.Count(new EarnedPoints(program, Today, accrual.Total.Value, accrual));
        lastActivity = at;
        CountGames(transaction, accrual.EligibleSpend.Amount, hold is not null);
        Contribute(accrual.Total.Value, hold, Earning = QualifyingActivity.FromPurchase(at, accrual));
        if (hold is null)
        {
            CountSpend(accrual.EligibleSpend.Amount); // held spend counts once released
            CountDividendSpend(at, accrual.EligibleSpend.Amount);
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
            string id = NextVoucherId();
            Issue(id, SpendReward.RewardId, reward.Name, reward.RewardValue, null, 0, ValidUntil(reward.ValidForDays), $"{reward.Name} ({new Money(reward.RewardValue, program.Currency)}) for every {new Money(reward.Step, program.Currency)} spent, voucher '{id}'");
        }

        state = state.With(SpendRewardState.Counter, counter);
    }
}
