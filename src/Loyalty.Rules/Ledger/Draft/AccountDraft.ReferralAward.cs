using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>One side of a qualified referral: the referee reward, or the referrer ladder within its caps.</summary>
internal sealed partial class AccountDraft
{
    /// <summary>Pays one side of a qualified referral: the referee's reward, or the referrer's from the ladder, within the caps.</summary>
    public string? ReferralAward(ReferralAwardEvent award, out AccrualResult? accrual)
    {
        accrual = null;
        var policy = program.ReferralPolicy ?? throw Preconditions.Invalid("ledgerEvent", $"program '{program.Id}' has no referral policy to pay '{award.Id}' with.");
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
                return $"too late: the account no longer remembers the referrals paid in the {policy.Window.ToString().ToLowerInvariant()} of {Today:uuuu-MM-dd}, so the ladder and caps cannot be applied.";
            }

            var (start, end) = ExpiryPolicy.PeriodAround(policy.Window, Today, zone);
            var inWindow = state.Get(ReferralState.Payments).Where(p => p.At >= start && p.At < end).ToList();
            string window = $"this {policy.Window.ToString().ToLowerInvariant()}";
            if (inWindow.Count >= policy.MaxReferralsPerWindow)
            {
                return $"referrer cap reached: {inWindow.Count} referrals paid {window}, at most {policy.MaxReferralsPerWindow}.";
            }

            reward = policy.ReferrerReward(inWindow.Count + 1);
            why = FormattableString.Invariant($"referral '{award.ReferralId}': qualified referral no. {inWindow.Count + 1} {window}");
            if (reward.Name is null && policy.MaxPointsPerWindow is { } cap)
            {
                long left = cap.Value - inWindow.Sum(p => p.Points);
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

            state = state.With(ReferralState.Payments, state.Get(ReferralState.Payments).Add(new ReferralPayment(award.ReferralId, at, reward.Points.Value)));
        }

        string ruleId = $"{policy.Id}/{ReferralAwardEvent.SideName(award.Side)}";
        if (award.HoldReason is null)
        {
            Qualifying = new QualifyingActivity { At = at, Points = reward.Points, Referrals = award.Side == ReferralSide.Referrer ? 1 : 0 };
        }

        if (reward.Name is null)
        {
            totals = totals with { Accrued = totals.Accrued + reward.Points };
            long points = award.HoldReason is null ? reward.Points.Value - RepayDebt(reward.Points.Value) : reward.Points.Value;
            if (points > 0)
            {
                AddLot($"{eventId}/{ruleId}", ruleId, points, program.RuleLots.GetValueOrDefault(policy.Id) ?? program.Lots, award.HoldReason, why);
            }
        }
        else if (award.HoldReason is not null)
        {
            heldRewards.Add(new HeldReward(eventId, reward.Name, reward.Value, HoldDeadline(), ruleId, reward.ValidForDays));
            Entry(LedgerEntryKind.Held, 0, null, $"{reward} held for review: {award.HoldReason}", new IssuedReward(reward.Name, new Money(reward.Value, program.Currency)));
        }
        else
        {
            string id = NextVoucherId();
            Issue(id, ruleId, reward.Name!, reward.Value, null, 0, ValidUntil(reward.ValidForDays), $"{reward}: {why}, voucher '{id}'");
        }

        lastActivity = at;
        accrual = new AccrualResult(program.Id, program.Version, award.Id, award.MemberId, program.Currency,
            new AccrualTotal(reward.Points, reward.Points.Value, 0m, 0m, capped),
            [new AccrualItem(ruleId, AccrualItemKind.Bonus, reward.Points.Value, null, reward.Name is null ? why : $"{why}: {reward}")]);
        return null;
    }

    /// <summary>
    /// Referral payments are remembered from the start of the window before the latest payment's window on, so an award
    /// that arrives late by up to a window still counts against the ladder and caps; an older one is refused.
    /// </summary>
    private Instant RememberedReferralsFrom(ReferralPolicy policy)
    {
        var payments = state.Get(ReferralState.Payments);
        if (payments.IsEmpty)
        {
            return Instant.MinValue;
        }

        var latest = payments.Max(p => p.At).InZone(zone).Date;
        return ExpiryPolicy.StartOf(ExpiryPolicy.PeriodStart(policy.Window, latest, -1), zone);
    }

    private string? ReferrerRuleId => program.ReferralPolicy is { } referral ? $"{referral.Id}/referrer" : null;
}
