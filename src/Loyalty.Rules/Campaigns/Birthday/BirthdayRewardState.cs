using System;
using System.Collections.Frozen;
using System.Linq;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>What the account keeps for birthday rewards across events.</summary>
internal static class BirthdayRewardState
{
    /// <summary>The birthday year whose once-a-year birthday points the member has had, or null.</summary>
    public static MemberStateKind<int?> PaidYear { get; } = new("birthdayRewardYear", null, LedgerJson.Default.NullableInt32, merge: static (mine, closed) => mine is null || closed > mine ? closed : mine);

    /// <summary>The birthday year whose once-a-year points a purchase on <paramref name="date"/> paid, or null.</summary>
    public static int? YearPaid(LoyaltyProgram program, AnnualDate? birthday, LocalDate date, AccrualResult accrual)
    {
        if (birthday is null)
        {
            return null;
        }

        int? paid = null;
        var rules = program.Derived(PointRules);
        foreach (var item in accrual.Items)
        {
            if (rules.TryGetValue(item.RuleId, out var rule) && rule.Occurrence(birthday.Value, date) is { } year)
            {
                paid = year;
            }
        }

        return paid;
    }

    /// <summary>The birthday rules that pay points (not a factor), by id.</summary>
    private static FrozenDictionary<string, BirthdayReward> PointRules(LoyaltyProgram program)
        => EarnPolicy.LeavesOf(program.Earn).OfType<BirthdayReward>().Where(b => b.Factor is null).ToFrozenDictionary(b => b.Id, StringComparer.Ordinal);
}
