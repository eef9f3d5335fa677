using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>
/// Rolling 12 months, as a maximum (so order and extra activity can only help): every qualifying event holds the tier
/// its trailing 12 months qualify for until 12 months (plus grace) after its local day, or only at that instant when
/// tiers are not kept; the tier at an instant is the best of the trailing qualification, the holds still running, the
/// lifetime floor, and (dropping at most one tier) one below the best hold that ended in the last 12 months. A one-off
/// tier set by hand is a hold of its own. Activity is kept per local day (a hold ends with its day), for two years.
/// </summary>
internal sealed partial class TierDecider
{
    private partial struct Run
    {
        private void AddDay(QualifyingActivity activity)
        {
            var date = d.Date(activity.At);
            int i = days.FindLastIndex(x => x.Date <= date);
            if (i < 0 || days[i].Date != date)
            {
                days.Insert(++i, new TierDay { Date = date });
            }

            var day = days[i] = days[i] with { Totals = days[i].Totals.Plus(activity) };
            int qualified = d.Qualified(Trailing(date));
            lifetime = Math.Max(lifetime, d.Lifetime(qualified));
            if (qualified > 0)
            {
                var reached = day.Reached.ToBuilder();
                for (int level = 1; level <= qualified; level++)
                {
                    if (level > reached.Count)
                    {
                        reached.Add(new TierReach(d.tiers[level].Id, activity.At));
                    }
                    else if (reached[level - 1].At > activity.At)
                    {
                        reached[level - 1] = reached[level - 1] with { At = activity.At }; // arrived out of order
                    }
                }

                days[i] = day with { Reached = reached.ToImmutable() };
            }

            var keepFrom = d.Date(Instant.Max(Last, activity.At)).PlusMonths(-24).PlusDays(-(ladder.GraceDays + 7));
            days.RemoveAll(x => x.Date < keepFrom); // no longer in any trailing window, hold or look-back
        }

        private TierTotals Trailing(LocalDate date)
        {
            var from = date.PlusMonths(-12).PlusDays(1);
            var totals = TierTotals.Zero;
            foreach (var day in days)
            {
                if (day.Date >= from && day.Date <= date)
                {
                    totals = totals.Plus(day.Totals);
                }
            }

            return totals;
        }

        private (int Tier, Instant Since, string Reason, Instant? SecuredUntil, TierTotals Totals, bool ByHand) RollingTier(Instant at)
        {
            var today = d.Date(at);
            var yearAgo = d.Start(today.PlusMonths(-12).PlusDays(1));
            var holds = new List<Hold>();
            foreach (var day in days)
            {
                if (!day.Reached.IsEmpty && day.Reached[^1].At <= at)
                {
                    var until = ladder.KeepUntilEndOfNextWindow ? Until(day.Date) : day.Reached[^1].At;
                    holds.Add(new Hold(day.Reached.Length, day.Reached, until, $"met the {d.tiers[day.Reached.Length].Id} thresholds over the 12 months to {Text(day.Date)}", false));
                }
            }

            if (status.Override is { Kind: TierOverrideKind.OneOff } oneOff && oneOff.SetAt <= at)
            {
                int m = d.IndexOf(oneOff.TierId, "status.Override.TierId");
                var from = new TierReach(oneOff.TierId, oneOff.SetAt);
                holds.Add(new Hold(m, [.. Enumerable.Repeat(from, m)], Until(d.Date(oneOff.SetAt)), $"set by hand to {d.tiers[m].Id} on {d.Text(oneOff.SetAt)}", true));
            }

            var totals = Trailing(today);
            int result = Math.Max(d.Qualified(totals), lifetime);
            foreach (var hold in holds)
            {
                if (hold.Until > at)
                {
                    result = Math.Max(result, hold.Tier);
                }
            }

            if (ladder.DropAtMostOneTier && holds.Where(h => h.Until <= at && h.Until >= yearAgo).Select(h => h.Tier).DefaultIfEmpty(0).Max() is var recent && recent - 1 > result)
            {
                result = recent - 1;
            }

            if (result == 0)
            {
                return (0, d.Start(status.EnrolledOn), $"entry tier {d.tiers[0].Id}", null, totals, false);
            }

            var reaching = holds.Where(h => h.Tier >= result && (h.Until > at || h.From(result) >= yearAgo)).OrderBy(h => h.From(result)).ToList();
            if (reaching.Count > 0)
            {
                var securedUntil = reaching.Max(h => h.Until);
                return (result, reaching[0].From(result), reaching[^1].Reason, securedUntil > at ? securedUntil : null, totals, reaching[^1].ByHand);
            }

            return (result, at, result == lifetime ? $"lifetime tier {d.tiers[result].Id}" : "one tier below the tier held until recently", null, totals, false);
        }

        private Instant Until(LocalDate day) => d.Start(day.PlusMonths(12).PlusDays(1 + ladder.GraceDays));

        /// <summary>A day's hold (or a one-off tier set by hand): its tier, the first instant of each tier up to it, its end.</summary>
        private sealed record Hold(int Tier, ImmutableArray<TierReach> Reached, Instant Until, string Reason, bool ByHand)
        {
            public Instant From(int tier) => Reached[tier - 1].At;
        }
    }
}
