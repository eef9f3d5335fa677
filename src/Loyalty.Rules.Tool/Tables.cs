using System;
using System.Globalization;
using System.Linq;
using Spectre.Console;

namespace Loyalty.Rules.Tool;

/// <summary>The tables of a replay and of a comparison.</summary>
internal static class Tables
{
    public static void Report(IAnsiConsole console, ReplayReport report, LoyaltyProgram program)
    {
        var liability = report.Liability;
        var summary = Table("figure", "value");
        summary.AddRow("events", N(report.Events));
        foreach (var (status, count) in report.Statuses)
        {
            summary.AddRow($"  {status.ToString().ToLowerInvariant()}", N(count));
        }

        summary.AddRow("members", N(liability.Members));
        summary.AddRow("points issued", N(liability.Issued.Value));
        summary.AddRow("points redeemed", N(liability.Totals.Redeemed.Value));
        summary.AddRow("points expired (breakage)", string.Create(CultureInfo.InvariantCulture, $"{liability.Breakage.Value:N0} ({liability.BreakageRate:P1})"));
        summary.AddRow("points reversed by refunds", N(liability.Totals.Reversed.Value));
        summary.AddRow("outstanding points", N(liability.Outstanding.Value));
        summary.AddRow("held for review", N(liability.Held.Value));
        summary.AddRow($"liability at {LoyaltyCommand.Day(report.Until, program.TimeZone)}", M(liability.Liability));
        summary.AddRow("referral points", N(report.ReferralPoints.Value));
        summary.AddRow("referral rewards", M(report.ReferralRewardValue));
        summary.AddRow("rewards issued", string.Create(CultureInfo.InvariantCulture, $"{report.RewardsIssued:N0} worth {M(report.RewardValue)}"));
        console.Write(summary);

        var months = Table("month", "issued", "redeemed", "expired", "outstanding", "liability");
        foreach (var month in report.Months)
        {
            months.AddRow(month.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture), N(month.Issued.Value), N(month.Flows.Redeemed.Value), N(month.Breakage.Value), N(month.Outstanding.Value), M(month.Liability));
        }

        console.Write(months);

        var rules = Table("rule", "points");
        foreach (var (rule, points) in report.IssuedByRule)
        {
            rules.AddRow(Markup.Escape(rule), P(points));
        }

        console.Write(rules);
        console.Write(Groups("tier", report.ByTier.Prepend(report.AllMembers)));
        if (report.BySegment.Length > 0)
        {
            console.Write(Groups("segment", report.BySegment));
        }
    }

    public static void Diff(IAnsiConsole console, ReplayDiff diff)
    {
        var figures = Table("figure", "current", "candidate", "difference");
        foreach (var figure in diff.Figures)
        {
            figures.AddRow(Markup.Escape(figure.Name), P(figure.Current), P(figure.Candidate), Signed(figure.Difference));
        }

        console.Write(figures);
        var rules = Table("rule", "current", "candidate", "difference");
        foreach (var rule in diff.Rules)
        {
            rules.AddRow(Markup.Escape(rule.Name), P(rule.Current), P(rule.Candidate), Signed(rule.Difference));
        }

        console.Write(rules);
        console.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"{diff.MembersChanged:N0} member(s) change, {diff.TierChanges:N0} of them change tier.");
        if (diff.Members.Length > 0)
        {
            var members = Table("member", "tier", "balance", "change", "why");
            foreach (var member in diff.Members)
            {
                string tier = member.TierChanged ? $"{member.CurrentTier ?? "none"} -> {member.CandidateTier ?? "none"}" : member.CurrentTier ?? "none";
                members.AddRow(Markup.Escape(member.MemberId), Markup.Escape(tier), $"{N(member.CurrentBalance.Value)} -> {N(member.CandidateBalance.Value)}", Signed(member.BalanceChange.Value), Markup.Escape(member.Reason));
            }

            console.Write(members);
        }

        console.MarkupLine(diff.IsEmpty ? "[green]The two programs agree on this history.[/]" : "");
    }

    private static Table Groups(string by, System.Collections.Generic.IEnumerable<CustomerValue> groups)
    {
        var table = Table(by, "members", "orders", "average order", "orders per member", "lapsed");
        foreach (var group in groups)
        {
            table.AddRow(Markup.Escape(group.Group), N(group.Members), N(group.Orders), M(group.AverageOrderValue), P(group.PurchaseFrequency), N(group.Lapsed));
        }

        return table;
    }

    private static Table Table(string first, params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn(first);
        foreach (string column in columns)
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        return table;
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string P(decimal value) => value.ToString(decimal.Truncate(value) == value ? "N0" : "#,0.####", CultureInfo.InvariantCulture);

    private static string M(Money money) => Markup.Escape(money.ToString());

    private static string Signed(decimal value)
        => value == 0m ? "0" : $"[{(value > 0 ? "green" : "red")}]{(value > 0 ? "+" : "")}{P(value)}[/]";
}
