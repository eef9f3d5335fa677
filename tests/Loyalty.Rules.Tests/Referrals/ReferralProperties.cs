using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace Loyalty.Rules.Tests.Referrals;

/// <summary>A referral policy with caps and awards to one referrer, in any order (late ones included).</summary>
public sealed record ReferrerHistory(ReferralPolicy Policy, (int Day, int Hour, bool Held)[] Awards)
{
    public override string ToString()
        => $"ladder [{string.Join(", ", Policy.Ladder)}], window {Policy.Window}, caps {Policy.MaxReferralsPerWindow} referrals / {Policy.MaxPointsPerWindow} points; awards {string.Join(", ", Awards)}";
}

public static class ReferralGenerators
{
    public static Arbitrary<ReferrerHistory> Histories() =>
        (from steps in Gen.Choose(1, 3)
         from points in Gen.Choose(1, 1_000).ArrayOf(steps)
         from gaps in Gen.Choose(1, 5).ArrayOf(steps)
         from window in Gen.Elements(CalendarPeriod.Month, CalendarPeriod.Quarter, CalendarPeriod.Year)
         from count in Gen.Elements<int?>(null, 1, 3, 8)
         from cap in Gen.Elements<long?>(null, 700, 2_500, 6_000)
         from length in Gen.Choose(1, 50)
         from awards in Gen.Choose(0, 1_100).Zip(Gen.Choose(0, 23)).Zip(Gen.Elements(false, false, true)).ArrayOf(length)
         select new ReferrerHistory(
             new ReferralPolicy
             {
                 Ladder = [.. points.Select((p, i) => new ReferralStep(1 + gaps.Take(i).Sum(), p))],
                 Window = window,
                 MaxReferralsPerWindow = count,
                 MaxPointsPerWindow = cap ?? (count is null ? 5_000 : null),
             },
             [.. awards.Select(a => (a.Item1.Item1, a.Item1.Item2, a.Item2))])).ToArbitrary();
}

public class ReferralProperties
{
    private static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["America/New_York"];
    private static readonly Instant Start = Instant.FromUtc(2026, 1, 1, 5, 0);

    /// <summary>
    /// Whatever the order the awards arrive in (a late one included), the points and the referrals paid to one referrer
    /// in any window never exceed the caps, and a re-delivered award pays nothing.
    /// </summary>
    [Property(MaxTest = 10_000, Arbitrary = [typeof(ReferralGenerators)])]
    public Property ReferrerTotal_NeverExceedsTheCaps(ReferrerHistory history)
    {
        var program = new LoyaltyProgramBuilder("referrals", "USD", Zone)
            .AddEarnRate("base", 1m)
            .WithReferral(history.Policy)
            .Build();
        var account = MemberAccount.Open("ANA");
        var paid = new List<(Instant At, long Points)>();
        var applied = new List<ReferralAwardEvent>();
        for (int i = 0; i < history.Awards.Length; i++)
        {
            var (day, hour, held) = history.Awards[i];
            var award = new ReferralAwardEvent($"R{i}", ReferralSide.Referrer, "ANA", Start.Plus(Duration.FromDays(day) + Duration.FromHours(hour)), held ? "shared IP" : null);
            var outcome = program.Ledger.Process(account, award, new MemberContext("ANA"));
            if (outcome.Status is LedgerStatus.Applied or LedgerStatus.Held)
            {
                paid.Add((award.At, outcome.Accrual!.Total.Value));
                applied.Add(award);
                account = outcome.Account;
            }
            else if (!ReferenceEquals(outcome.Account, account) || outcome.Entries.Length != 0)
            {
                return false.Label($"award {i} was refused ({outcome.Reason}) but changed the account");
            }

            if (applied.Count > 0 && program.Ledger.Process(account, applied[i % applied.Count], new MemberContext("ANA")).Status != LedgerStatus.Duplicate)
            {
                return false.Label($"re-delivering an award after award {i} was not a duplicate");
            }
        }

        var policy = history.Policy;
        foreach (var window in paid.GroupBy(p => Window(policy.Window, p.At)))
        {
            if (window.Sum(p => p.Points) > policy.MaxPointsPerWindow || window.Count() > policy.MaxReferralsPerWindow)
            {
                return false.Label($"window {window.Key}: {window.Count()} referrals, {window.Sum(p => p.Points)} points");
            }
        }

        long total = account.Totals.Accrued.Value;
        return (total == paid.Sum(p => p.Points)).Label($"accrued {total}, paid {paid.Sum(p => p.Points)}")
            .Classify(paid.Count < history.Awards.Length, "some refused")
            .Classify(paid.Any(p => p.Points < policy.Ladder.Min(s => s.Points)), "some cut by the cap");
    }

    private static LocalDate Window(CalendarPeriod period, Instant at)
    {
        var date = at.InZone(Zone).Date;
        return period switch
        {
            CalendarPeriod.Month => new LocalDate(date.Year, date.Month, 1),
            CalendarPeriod.Quarter => new LocalDate(date.Year, ((date.Month - 1) / 3 * 3) + 1, 1),
            _ => new LocalDate(date.Year, 1, 1),
        };
    }
}
