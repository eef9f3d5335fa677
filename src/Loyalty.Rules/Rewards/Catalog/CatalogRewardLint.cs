using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>What the program check says of the catalog: a reward nobody can reach any more, or nobody can afford.</summary>
internal static class CatalogRewardLint
{
    public static IEnumerable<LintFinding> Check(LoyaltyProgram program, LocalDate today)
    {
        long? most = MostHeld(program, out string why);
        for (int i = 0; i < program.Rewards.Length; i++)
        {
            var reward = program.Rewards[i];
            string path = $"$.rewards[{i}]";
            if (reward.AvailableUntil is { } until && until < today)
            {
                yield return new(path + ".availableUntil", string.Create(CultureInfo.InvariantCulture, $"its window ended on {until:uuuu-MM-dd}: nobody can redeem it any more."));
            }

            if (most is { } held && reward.Points > held)
            {
                yield return new(path + ".points", string.Create(CultureInfo.InvariantCulture, $"costs {reward.Points} points, but a member holds at most {held} at once ({why}): nobody can afford it."));
            }
        }
    }

    /// <summary>
    /// The most points a member can hold at once when every point comes from purchases under a member period cap and
    /// expires after a bounded time; null when nothing bounds it (points from activities, referrals or dividends, a
    /// lot that never expires, no cap, games).
    /// </summary>
    private static long? MostHeld(LoyaltyProgram program, out string why)
    {
        why = "";
        if (program.Rewards.IsEmpty || !program.Activities.IsEmpty || program.ReferralPolicy is not null || program.Dividend is { PaidIn: DividendPayment.Points }
            || !program.Games.IsEmpty || !program.Streaks.IsEmpty) // games pay points beyond the cap
        {
            return null;
        }

        var cap = program.Earn.OfType<MemberPeriodCap>().Where(c => c.When is null).MinBy(c => c.MaxPoints.Value * Days(c.Period));
        if (cap is null)
        {
            return null;
        }

        int? life = LongestLife(program.Lots.Expiry, program.TimeZone);
        foreach (var policy in program.RuleLots.Values)
        {
            life = life is { } a && LongestLife(policy.Expiry, program.TimeZone) is { } b ? Math.Max(a, b) : null;
        }

        if (life is not { } days)
        {
            return null;
        }

        long periods = ((days + Days(cap.Period) - 1) / Days(cap.Period)) + 1; // the lots alive at once were earned within one lifetime
        why = string.Create(CultureInfo.InvariantCulture, $"'{cap.Id}' caps purchases at {cap.MaxPoints} a {cap.Period.ToString().ToLowerInvariant()} and points live at most {days} days");
        return checked(cap.MaxPoints.Value * periods);
    }

    /// <summary>The fewest days a calendar period has.</summary>
    private static int Days(CalendarPeriod period) => period switch
    {
        CalendarPeriod.Day => 1,
        CalendarPeriod.Week => 7,
        CalendarPeriod.Month => 28,
        CalendarPeriod.Quarter => 89,
        _ => 365,
    };

    /// <summary>The longest a lot lives under <paramref name="expiry"/>, in whole days (from the start of the day it is earned); null for no bound.</summary>
    private static int? LongestLife(ExpiryPolicy expiry, DateTimeZone zone)
    {
        int longest = 0;
        var first = new LocalDate(2026, 1, 1);
        for (int d = 0; d < 800; d++) // two calendar years and more: every month, quarter and leap day comes by
        {
            var earned = first.PlusDays(d);
            if (expiry.LotExpiry(earned, zone) is not { } end)
            {
                return null;
            }

            var last = end.InZone(zone).LocalDateTime;
            longest = Math.Max(longest, Period.DaysBetween(earned, last.Date) + (last.TimeOfDay == LocalTime.Midnight ? 0 : 1)); // local days: a clock change is no day
        }

        return longest;
    }
}
