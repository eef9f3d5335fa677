using System;
using System.IO;
using System.Linq;
using Loyalty.Rules.Testing;
using NodaTime;
using Xunit;
using static Loyalty.Rules.Tests.Replays.ReplayTestData;
using ReplayOf = Loyalty.Rules.Replay;

namespace Loyalty.Rules.Tests.Replays;

public class HistoryCsvTests
{
    private const string Header = "kind,id,member,at,channel,sku,category,quantity,unitPrice,discount,points,ref,detail,segments,tier,birthday,until";

    private static string Write(LoyaltyHistory history)
    {
        var text = new StringWriter();
        var writer = new HistoryCsvWriter(text);
        foreach (var member in history.Members)
        {
            writer.Write(member);
        }

        foreach (var e in history.Events())
        {
            writer.Write(e);
        }

        return text.ToString();
    }

    [Fact]
    public void AWrittenHistory_ReadsBackToTheSameEvents_AndReplaysTheSame()
    {
        var history = LoyaltyHistory.Generate(Coffee, 50, new LocalDate(2026, 1, 1), days: 120, seed: 2);
        string csv = Write(history);

        var read = new HistoryCsv(new StringReader(csv), "USD");
        var events = read.Events().ToList();

        Assert.Equal(history.Events().Select(EventFingerprint.Of), events.Select(EventFingerprint.Of));
        Assert.Contains(events, e => e is RefundEvent);
        Assert.Contains(events, e => e is RedemptionEvent);
        Assert.Contains(events, e => e is ReferralAwardEvent);
        var member = history.Members.First(m => m.Segments.Count > 0 && m.Birthday is not null);
        Assert.Equal(member.Segments.Order(), read.MemberOf(member.MemberId).Segments.Order());
        Assert.Equal(member.Birthday, read.MemberOf(member.MemberId).Birthday);
        Assert.Equal(member.EnrolledOn, read.MemberOf(member.MemberId).EnrolledOn);

        var fromCsv = new HistoryCsv(new StringReader(csv), "USD");
        Assert.Equal(ReplayOf.Run(Coffee, history.Events(), history.MemberOf).Liability, ReplayOf.Run(Coffee, fromCsv.Events(), fromCsv.MemberOf).Liability);
    }

    [Fact]
    public void PurchaseLines_AreConsecutiveRows_AndARefundNamesItsPurchaseAndLines()
    {
        string csv = $"""
            {Header}
            member,,A,2026-01-02,,,,,,,,,,student|office,,03-14
            purchase,T1,A,2026-03-03T15:00:00Z,app,latte,coffee,2,4.50,,,,,,,
            purchase,T1,A,2026-03-03T15:00:00Z,app,mug,merch,1,16.00,1.00,,,,,,
            refund,R1,A,2026-03-05T15:00:00Z,,,,,,,,T1,1:1,,,
            redemption,X1,A,2026-03-06T15:00:00Z,,,,,,,100,,,,,
            adjustment,J1,A,2026-03-07T15:00:00Z,,,,,,,-5,,"goodwill, reversed",,,
            activity,V1,A,2026-03-08T15:00:00Z,app,,,,,,,,review,,,
            """;

        var events = new HistoryCsv(new StringReader(csv), "USD").Events().ToList();

        var purchase = Assert.IsType<PurchaseEvent>(events[0]);
        Assert.Equal(2, purchase.Transaction.Lines.Length);
        Assert.Equal((9.00m, 15.00m), (purchase.Transaction.Lines[0].Amount, purchase.Transaction.Lines[1].Amount));
        Assert.Equal("app", purchase.Transaction.Channel);
        var refund = Assert.IsType<RefundEvent>(events[1]);
        Assert.Equal([new ReturnedLine(1, 1m)], refund.Returned.ToArray());
        Assert.Equal(100, Assert.IsType<RedemptionEvent>(events[2]).Points.Value);
        Assert.Equal("goodwill, reversed", Assert.IsType<AdjustmentEvent>(events[3]).Reason);
        Assert.Equal(ActivityKind.Review, Assert.IsType<ActivityAccrualEvent>(events[4]).Activity.Kind);
    }

    [Fact]
    public void TheDocumentedExample_Reads()
    {
        string doc = System.IO.File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "../../../../..", "docs/HISTORY-CSV.md"));
        string example = doc[doc.IndexOf("## Example", StringComparison.Ordinal)..].Split("```")[1].Trim();
        Assert.StartsWith(string.Join(',', HistoryCsv.Columns), example, StringComparison.Ordinal);

        var csv = new HistoryCsv(new StringReader(example), "USD");
        var events = csv.Events().ToList();

        Assert.Equal(["purchase", "refund", "redemption", "referral"], events.Select(e => e.Kind switch
        {
            LedgerEventKind.Purchase => "purchase",
            LedgerEventKind.Refund => "refund",
            LedgerEventKind.Redemption => "redemption",
            _ => "referral",
        }));
        Assert.Contains("student", csv.MemberOf("M000001").Segments);
    }

    [Fact]
    public void TierEvents_RoundTrip()
    {
        var at = Instant.FromUtc(2026, 4, 1, 12, 0);
        LedgerEvent[] events =
        [
            new TierOverrideEvent("O1", "A", at, "Gold", TierOverrideKind.FixedUntil, at.Plus(Duration.FromDays(90))),
            new TierOverrideEvent("O2", "A", at, "Silver", TierOverrideKind.Floor),
            TierOverrideEvent.Removal("O3", "A", at),
            new PaidTierEvent("P1", "A", at, "Gold", at.Plus(Duration.FromDays(365))),
            PaidTierEvent.Ended("P2", "A", at),
        ];
        var text = new StringWriter();
        var writer = new HistoryCsvWriter(text);
        foreach (var e in events)
        {
            writer.Write(e);
        }

        var read = new HistoryCsv(new StringReader(text.ToString()), "USD").Events().ToList();

        Assert.Equal(events.Select(EventFingerprint.Of), read.Select(EventFingerprint.Of));
        Assert.Equal(events, read);
    }

    [Theory]
    [InlineData("purchase,T1,A,yesterday,,latte,coffee,1,4.50,,,,,,,", 2, "at")]
    [InlineData("purchase,T1,A,2026-03-03T15:00:00Z,,latte,coffee,1,,,,,,,,", 2, "unitPrice")]
    [InlineData("purchase,T1,A,2026-03-03T15:00:00Z,,latte,coffee,-1,4.50,,,,,,,", 2, "quantity")]
    [InlineData("refund,R1,A,2026-03-03T15:00:00Z,,,,,,,,T9,,,,", 2, "ref")]
    [InlineData("redemption,X1,A,2026-03-03T15:00:00Z,,,,,,,lots,,,,,", 2, "points")]
    [InlineData("gift,G1,A,2026-03-03T15:00:00Z,,,,,,,,,,,,", 2, "kind")]
    [InlineData("referral,F1,A,2026-03-03T15:00:00Z,,,,,,,,,friend,,,", 2, "detail")]
    [InlineData("member,,A,2026-13-01,,,,,,,,,,,,", 2, "at")]
    [InlineData("tier,O1,A,2026-03-03T15:00:00Z,,,,,,,,,forever,,Gold,,", 2, "detail")]
    [InlineData("tier,O1,A,2026-03-03T15:00:00Z,,,,,,,,,fixedUntil,,Gold,,", 2, "until")]
    public void ABadRow_IsReportedWithItsLineAndColumn(string row, int line, string column)
    {
        var csv = new HistoryCsv(new StringReader($"{Header}\n{row}\n"), "USD");

        var e = Assert.Throws<HistoryCsvException>(() => csv.Events().ToList());

        Assert.Equal((line, column), (e.Problem.Line, e.Problem.Column));
        Assert.StartsWith($"line {line}, {column}: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadRows_CanBeSkippedAndListed()
    {
        string csv = $"""
            {Header}
            purchase,T1,A,2026-03-03T15:00:00Z,,latte,coffee,1,4.50,,,,,,,
            purchase,T2,A,2026-03-03T16:00:00Z,,latte,coffee,1,oops,,,,,,,
            purchase,T3,A,2026-03-03T17:00:00Z,,latte,coffee,1,4.50,,,,,,,
            purchase,T1,A,2026-03-03T15:00:00Z,,mug,merch,1,16.00,,,,,,,
            """;
        var read = new HistoryCsv(new StringReader(csv), "USD", skipBadRows: true);

        var events = read.Events().ToList();

        Assert.Equal(["T1", "T3"], events.Select(e => e.Id));
        Assert.Equal([(3, "unitPrice"), (5, "id")], read.Problems.Select(p => (p.Line, p.Column)));
        Assert.Contains("consecutive", read.Problems[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ABadLine_LeavesItsWholePurchaseOut()
    {
        string csv = $"""
            {Header}
            purchase,T1,A,2026-03-03T15:00:00Z,,latte,coffee,1,4.50,,,,,,,,
            purchase,T1,A,2026-03-03T15:00:00Z,,mug,merch,1,oops,,,,,,,,
            purchase,T1,A,2026-03-03T15:00:00Z,,croissant,food,1,3.40,,,,,,,,
            purchase,T2,A,2026-03-03T16:00:00Z,,latte,coffee,1,4.50,,,,,,,,
            """;
        var read = new HistoryCsv(new StringReader(csv), "USD", skipBadRows: true);

        var events = read.Events().ToList();

        Assert.Equal(["T2"], events.Select(e => e.Id));
        Assert.Equal([(2, "id"), (3, "unitPrice"), (4, "id")], read.Problems.Select(p => (p.Line, p.Column)));
    }

    [Fact]
    public void TheHeader_MustNameKnownColumns_AndTheRequiredOnes()
    {
        Assert.Equal((1, "colour"), Problem("kind,id,member,at,colour\n"));
        Assert.Equal((1, "at"), Problem("kind,id,member\n"));
        Assert.Equal((1, "header"), Problem(""));
        Assert.Throws<InvalidOperationException>(() => Read("kind,id,member,at\n", out var csv).Concat(csv.Events()).ToList());

        static (int, string) Problem(string text)
        {
            var e = Assert.Throws<HistoryCsvException>(() => Read(text, out _).ToList());
            return (e.Problem.Line, e.Problem.Column);
        }

        static System.Collections.Generic.IEnumerable<LedgerEvent> Read(string text, out HistoryCsv csv)
            => (csv = new HistoryCsv(new StringReader(text), "USD")).Events();
    }

    [Fact]
    public void ARefund_FindsOnlyPurchasesWithinTheLookback()
    {
        string csv = $"""
            {Header}
            purchase,T1,A,2026-01-01T15:00:00Z,,latte,coffee,1,4.50,,,,,,,
            purchase,T2,A,2026-03-01T15:00:00Z,,latte,coffee,1,4.50,,,,,,,
            refund,R1,A,2026-03-02T15:00:00Z,,,,,,,,T1,,,,
            """;

        var e = Assert.Throws<HistoryCsvException>(() => new HistoryCsv(new StringReader(csv), "USD", Duration.FromDays(30)).Events().ToList());

        Assert.Equal((4, "ref"), (e.Problem.Line, e.Problem.Column));
        Assert.Single(new HistoryCsv(new StringReader(csv), "USD").Events().OfType<RefundEvent>());
    }
}
