using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Loyalty.Rules.Testing;
using NodaTime;
using static Loyalty.Rules.Tests.Replays.ReplayTestData;
using ReplayOf = Loyalty.Rules.Replay;

namespace Loyalty.Rules.Tests.Replays;

public class ReplayProperties
{
    /// <summary>
    /// Any generated history (members enrolling, buying, redeeming, returning purchases, referring friends): the replay
    /// is what applying the events one by one through the public API gives; the months add up to the lifetime totals;
    /// every point issued is outstanding, held, or left by a named way; no member's balance is below zero (the program
    /// claws back); and the candidate without double Tuesdays never issues more.
    /// </summary>
    [Property(MaxTest = 40)]
    public Property AnyHistory_ReplaysAsOneByOne_AndConservesPoints()
    {
        var histories = from seed in Gen.Choose(1, 1_000_000)
                        from members in Gen.Choose(1, 25)
                        from days in Gen.Choose(1, 120)
                        from start in Gen.Choose(0, 364)
                        select (seed, members, days, start);
        return Prop.ForAll(histories.ToArbitrary(), h =>
        {
            var history = LoyaltyHistory.Generate(Coffee, h.members, new LocalDate(2025, 1, 1).PlusDays(h.start), h.days, h.seed);
            var report = ReplayOf.Run(Coffee, history.Events(), history.MemberOf);
            var accounts = OneByOne(Coffee, history.Events(), history.MemberOf, report.Until);
            var totals = report.Liability.Totals;
            var months = report.Months.Aggregate(new LedgerTotals(), (sum, m) => sum.Plus(m.Flows));
            long left = totals.Redeemed.Value + totals.Expired.Value + totals.Reversed.Value + totals.AdjustedDown.Value + totals.Voided.Value
                + totals.TransferredOut.Value + totals.TransferFees.Value + totals.MergedOut.Value;
            var candidate = ReplayOf.Run(CoffeeWithoutDoubleTuesday, history.Events(), history.MemberOf);
            return (LiabilityReport.Of(Coffee, accounts.Values, report.Until) == report.Liability).Label("replay = one by one")
                .And((months == totals).Label("months add up"))
                .And((report.Liability.Issued.Value == report.Liability.Outstanding.Value + report.Liability.Held.Value + left).Label("conserved"))
                .And(report.Members.All(m => m.Balance.Value >= 0).Label("no negative balance"))
                .And((report.Months.Length == 0 || report.Months[^1].Outstanding == report.Liability.Outstanding).Label("last month = end"))
                .And((candidate.Liability.Totals.Accrued <= totals.Accrued).Label("fewer rules, no more points"));
        });
    }
}
