using System;
using System.Linq;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>Period dividends: a share of each period's eligible spend, paid once the period has ended.</summary>
internal sealed partial class AccountDraft
{
    /// <summary>Pays the dividend of every period that has ended by now and was not paid.</summary>
    public void PayDividends(string? tierId)
    {
        if (program.Dividend is not { } policy)
        {
            return;
        }

        var today = Today;
        foreach (var period in state.Get(DividendState.Spend).OrderBy(d => d.PeriodStart))
        {
            var end = ExpiryPolicy.PeriodStart(policy.Period, period.PeriodStart, 1);
            if (end > today)
            {
                continue;
            }

            state = state.With(DividendState.Spend, state.Get(DividendState.Spend).Remove(period)).With(DividendState.PaidThrough, period.PeriodStart);
            if (!policy.Pays(tierId))
            {
                continue; // the period is over and consumed: a member outside the policy's tiers gets nothing for it
            }

            string describe = FormattableString.Invariant($"dividend: {policy.Share:0.####} of {new Money(period.Spend, program.Currency)} spent in the {policy.Period.ToString().ToLowerInvariant()} from {period.PeriodStart:uuuu-MM-dd}");
            if (policy.PaidIn == DividendPayment.Money)
            {
                decimal cents = decimal.Round(period.Spend * policy.Share, 2, MidpointRounding.ToEven);
                if (cents > 0m)
                {
                    var value = new Money(cents, program.Currency);
                    Entry(LedgerEntryKind.RewardIssued, 0, null, $"{describe}, paid as {value}", new IssuedReward("dividend", value));
                }

                continue;
            }

            decimal exact = period.Spend * policy.Share * program.Redemption.PointsPerCurrencyUnit;
            long points = exact <= 0m ? 0 : decimal.ToInt64(AccrualEvaluator.Round(exact, program.Rounding.Mode));
            if (points <= 0)
            {
                continue;
            }

            totals = totals with { Accrued = totals.Accrued + points };
            string id = $"dividend@{period.PeriodStart:uuuu-MM-dd}";
            string reason = describe;
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
        if (state.Get(DividendState.PaidThrough) is { } paid && start <= paid)
        {
            return; // that period's dividend is paid: later changes no longer count
        }

        var spends = state.Get(DividendState.Spend);
        int index = spends.Length - 1;
        while (index >= 0 && spends[index].PeriodStart != start)
        {
            index--; // a loop, not a lambda: no closure per purchase
        }

        state = state.With(DividendState.Spend, index < 0 ? spends.Add(new DividendSpend(start, spend)) : spends.SetItem(index, spends[index] with { Spend = spends[index].Spend + spend }));
    }
}
