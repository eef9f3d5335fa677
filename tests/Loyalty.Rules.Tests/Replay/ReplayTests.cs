using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Loyalty.Rules.Testing;
using NodaTime;
using Xunit;
using static Loyalty.Rules.Tests.Replays.ReplayTestData;
using ReplayOf = Loyalty.Rules.Replay;

namespace Loyalty.Rules.Tests.Replays;

public class ReplayTests
{
    private static readonly Instant Tuesday = Instant.FromUtc(2026, 3, 3, 15, 0); // 10:00 in New York
    private static readonly Instant Wednesday = Instant.FromUtc(2026, 3, 4, 15, 0);
    private static readonly Instant At = Instant.FromUtc(2026, 6, 1, 15, 0);
    private static readonly Instant NextTuesday = Instant.FromUtc(2026, 3, 10, 14, 0);

    private static LedgerEvent[] Tuesdays() =>
    [
        Purchase("A-1", "A", Tuesday, 10.00m),     // 2 points per dollar: 20, doubled on a Tuesday: 40
        Purchase("A-2", "A", Wednesday, 10.00m),   // 20
        Purchase("B-1", "B", NextTuesday, 20.00m), // 40, doubled: 80
    ];

    [Fact]
    public void RemovingDoubleTuesday_CostsWhatTheTuesdaysGave()
    {
        var diff = ReplayOf.Compare(Coffee, CoffeeWithoutDoubleTuesday, Tuesdays());

        Assert.Equal(140, diff.Current.Liability.Issued.Value);
        Assert.Equal(80, diff.Candidate.Liability.Issued.Value);
        var issued = diff.Figures.Single(f => f.Name == "points issued");
        Assert.Equal(-60m, issued.Difference);
        Assert.Equal(-0.60m, diff.Figures.Single(f => f.Name == "liability").Difference); // 100 points to the dollar
        var tuesday = diff.Rules.Single(r => r.Name == "double-tuesday");
        Assert.Equal((60m, 0m), (tuesday.Current, tuesday.Candidate));
        Assert.All(diff.Rules.Where(r => r.Name != "double-tuesday"), r => Assert.Equal(0m, r.Difference));

        Assert.Equal(2, diff.MembersChanged);
        Assert.Equal(0, diff.TierChanges);
        Assert.Equal(["B", "A"], diff.Members.Select(m => m.MemberId)); // the larger change first
        var b = diff.Members[0];
        Assert.Equal((80, 40, -40), (b.CurrentBalance.Value, b.CandidateBalance.Value, b.BalanceChange.Value));
        Assert.Equal("double-tuesday -40", b.Reason);
        Assert.False(diff.IsEmpty);
    }

    [Fact]
    public void AProgramComparedWithItself_IsEmpty()
    {
        var history = LoyaltyHistory.Generate(Coffee, 60, new LocalDate(2026, 1, 1), days: 90, seed: 3);

        var diff = ReplayOf.Compare(Coffee, Coffee, history.Events(), history.MemberOf);

        Assert.True(diff.Current.Events > 300);
        Assert.True(diff.IsEmpty);
        Assert.Equal(0, diff.MembersChanged);
        Assert.Empty(diff.Members);
        Assert.Contains(diff.Figures, f => f.Name == "points issued" && f.Current > 0);
    }

    [Fact]
    public void Replay_IsWhatApplyingTheEventsOneByOneGives_AndItsLiabilityIsTheFoldOverTheAccounts()
    {
        var history = LoyaltyHistory.Generate(Coffee, 80, new LocalDate(2025, 11, 1), days: 150, seed: 7);

        var report = ReplayOf.Run(Coffee, history.Events(), history.MemberOf);
        var accounts = OneByOne(Coffee, history.Events(), history.MemberOf, report.Until);

        Assert.Equal(new LocalDate(2026, 4, 1).AtStartOfDayInZone(Coffee.TimeZone).ToInstant(), report.Until);
        Assert.Equal(accounts.Keys.Order(StringComparer.Ordinal), report.Accounts.Keys.Order(StringComparer.Ordinal));
        foreach (var (id, account) in accounts)
        {
            var replayed = report.Accounts[id];
            Assert.Equal(account.Totals, replayed.Totals);
            Assert.Equal(account.Debt, replayed.Debt);
            Assert.Equal(account.Lots.ToArray(), replayed.Lots.ToArray());
            Assert.Equal(account.BalanceAt(report.Until), replayed.BalanceAt(report.Until));
            Assert.Equal(Coffee.Ledger.TierOf(account, report.Until)?.TierId, report.Members.Single(m => m.MemberId == id).TierId);
        }

        Assert.Equal(LiabilityReport.Of(Coffee, accounts.Values, report.Until), report.Liability);
        Assert.True(report.Liability.Totals.Redeemed.Value > 0 && report.Liability.Totals.Expired.Value > 0 && report.Liability.Totals.Reversed.Value > 0);
    }

    [Fact]
    public void Breakage_FallsInTheMonthThePointsExpire()
    {
        // An app purchase on 5 January: 20 points (12 months) and the app bonus of 10 in a lot of its own that expires after 30 days.
        var history = new LedgerEvent[] { Purchase("C-1", "C", Instant.FromUtc(2026, 1, 5, 15, 0), 10.00m, channel: "app") };
        var until = new LocalDate(2026, 3, 1).AtStartOfDayInZone(Coffee.TimeZone).ToInstant();

        var report = ReplayOf.Run(Coffee, history, until: until);

        Assert.Equal([new YearMonth(2026, 1), new YearMonth(2026, 2)], report.Months.Select(m => m.Month));
        var (january, february) = (report.Months[0], report.Months[1]);
        Assert.Equal((30, 0, 30), (january.Issued.Value, january.Breakage.Value, january.Outstanding.Value));
        Assert.Equal((0, 10, 20), (february.Issued.Value, february.Breakage.Value, february.Outstanding.Value));
        Assert.Equal(new Money(0.20m, "USD"), february.Liability);
        Assert.Equal(10, report.Liability.Breakage.Value);
        Assert.Equal(0.3333m, report.Liability.BreakageRate);
        Assert.Equal(new Money(0.20m, "USD"), report.Liability.Liability);
        Assert.Equal(10m, report.IssuedByRule["app-bonus"]);
    }

    [Fact]
    public void CustomerValue_PerSegmentAndTier()
    {
        var at = Instant.FromUtc(2026, 5, 6, 15, 0); // a Wednesday
        var members = new Dictionary<string, MemberContext>
        {
            ["X"] = new("X", enrolledOn: new LocalDate(2026, 5, 5), segments: ["student"]),
            ["Y"] = new("Y", enrolledOn: new LocalDate(2025, 1, 1)),
        };
        LedgerEvent[] history =
        [
            Purchase("X-1", "X", at, 10.00m),
            Purchase("X-2", "X", at.Plus(Duration.FromDays(1)), 30.00m),
            Purchase("Y-1", "Y", at.Plus(Duration.FromDays(2)), 5.00m),
        ];

        var report = ReplayOf.Run(Coffee, history, id => members[id]);

        Assert.Equal((2, 3L), (report.AllMembers.Members, report.AllMembers.Orders));
        Assert.Equal(new Money(45.00m, "USD"), report.AllMembers.Spend);
        Assert.Equal(new Money(15.00m, "USD"), report.AllMembers.AverageOrderValue);
        Assert.Equal(1.5m, report.AllMembers.PurchaseFrequency);
        var students = Assert.Single(report.BySegment);
        Assert.Equal(("student", 1, 2L), (students.Group, students.Members, students.Orders));
        Assert.Equal(new Money(20.00m, "USD"), students.AverageOrderValue);
        Assert.Equal(2, report.MembersIn("Green"));
        Assert.Equal(LifecycleStage.New, report.Members.Single(m => m.MemberId == "X").Stage);
        Assert.Equal(LifecycleStage.Active, report.Members.Single(m => m.MemberId == "Y").Stage);
    }

    [Fact]
    public void LapsedMembers_AreThoseDormantAtTheEnd()
    {
        var history = new LedgerEvent[] { Purchase("D-1", "D", Instant.FromUtc(2025, 1, 10, 15, 0), 10.00m), Purchase("E-1", "E", Instant.FromUtc(2025, 9, 10, 15, 0), 10.00m) };

        var report = ReplayOf.Run(Coffee, history); // ends 1 October 2025: D bought 263 days before, E 21

        Assert.Equal(1, report.AllMembers.Lapsed);
        Assert.Equal(LifecycleStage.Dormant, report.Members[0].Stage);
    }

    [Fact]
    public void AnEventOutOfOrder_IsRefusedByName()
    {
        LedgerEvent[] history = [Purchase("A-2", "A", Wednesday, 10m), Purchase("A-1", "A", Tuesday, 10m)];

        var e = Assert.Throws<ArgumentException>(() => ReplayOf.Run(Coffee, history));

        Assert.Contains("'A-1'", e.Message, StringComparison.Ordinal);
        Assert.Contains("time order", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Progress_IsReported_AndCancellationStopsBetweenEvents()
    {
        var history = LoyaltyHistory.Generate(Coffee, 1_000, new LocalDate(2026, 1, 1), days: 200, seed: 5);
        var seen = new List<ReplayProgress>();

        var report = ReplayOf.Run(Coffee, history.Events(), history.MemberOf, progress: new Sync<ReplayProgress>(seen.Add));

        Assert.True(report.Events > ReplayOf.ProgressEvery);
        Assert.Equal(report.Events / ReplayOf.ProgressEvery + 1, seen.Count);
        Assert.Equal(ReplayOf.ProgressEvery, seen[0].Events);
        Assert.Equal((report.Events, report.Members.Length, report.Until), (seen[^1].Events, seen[^1].Members, seen[^1].At));

        using var cancel = new CancellationTokenSource();
        var read = 0;
        var stopping = history.Events().Select(e => ++read == 50 ? Cancelled(cancel, e) : e);
        Assert.Throws<OperationCanceledException>(() => ReplayOf.Run(Coffee, stopping, history.MemberOf, cancellationToken: cancel.Token));
        Assert.Equal(50, read); // the cancelled event is not replayed, and nothing after it is read
    }

    [Fact]
    public async Task RunAsync_GivesWhatRunGives()
    {
        var history = LoyaltyHistory.Generate(Coffee, 40, new LocalDate(2026, 1, 1), days: 60, seed: 11);

        var sync = ReplayOf.Run(Coffee, history.Events(), history.MemberOf);
        var async = await ReplayOf.RunAsync(Coffee, Async(history.Events()), history.MemberOf);
        var diff = await ReplayOf.CompareAsync(Coffee, CoffeeWithoutDoubleTuesday, Async(history.Events()), history.MemberOf);

        Assert.Equal(sync.Liability, async.Liability);
        Assert.Equal(sync.Months.ToArray(), async.Months.ToArray());
        Assert.Equal(sync.Liability, diff.Current.Liability);
        Assert.True(diff.Rules.Single(r => r.Name == "double-tuesday").Difference < 0);
    }

    [Fact]
    public void BudgetedOffers_AreSpentOnceAcrossMembers()
    {
        var program = new LoyaltyProgramBuilder("budgeted", "USD", DateTimeZoneProviders.Tzdb["America/New_York"])
            .AddEarnRate("base", 1m)
            .AddPolicy(new TargetedOffer { Id = "welcome", StartsAt = At, EndsAt = At.Plus(Duration.FromDays(7)), Points = 100, Budget = new CampaignBudget(250) })
            .Build();
        var at = At;
        var history = Enumerable.Range(0, 4).Select(i => (LedgerEvent)Purchase($"P{i}", $"M{i}", at.Plus(Duration.FromMinutes(i)), 10m)).ToArray();

        var report = ReplayOf.Run(program, history);

        Assert.Equal(200m, report.IssuedByRule["welcome"]); // 250 allows two whole awards of 100
        Assert.Equal(4 * 10 + 200, report.Liability.Issued.Value);
    }

    private static LedgerEvent Cancelled(CancellationTokenSource cancel, LedgerEvent e)
    {
        cancel.Cancel();
        return e;
    }

    private static async IAsyncEnumerable<LedgerEvent> Async(IEnumerable<LedgerEvent> events)
    {
        foreach (var e in events)
        {
            await Task.Yield();
            yield return e;
        }
    }

    private sealed class Sync<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
