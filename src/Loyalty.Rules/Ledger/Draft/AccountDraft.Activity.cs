using System.Linq;

namespace Loyalty.Rules;

/// <summary>A non-purchase activity: its lots, the once-per-member rules it pays, and the challenges it counts toward.</summary>
internal sealed partial class AccountDraft
{
    public void Activity(ActivityEvent activity, AccrualResult accrual, string? hold)
    {
        foreach (var item in accrual.Items)
        {
            var paidOnce = state.Get(ActivityRuleState.PaidOnce);
            if (program.Activities.Any(r => r.OncePerMember && r.Id == item.RuleId) && !paidOnce.Contains(item.RuleId))
            {
                state = state.With(ActivityRuleState.PaidOnce, paidOnce.Add(item.RuleId));
            }
        }

        AddLots(accrual, hold);
        lastActivity = at;
        CountGames(activity, hold is not null);
        Contribute(accrual.Total.Value, hold, Earning = new QualifyingActivity { At = at, Points = accrual.Total.Value, TierCredits = accrual.TierCredits.Value });
    }
}
