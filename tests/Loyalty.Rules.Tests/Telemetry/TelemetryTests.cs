using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;
using Loyalty.Rules.Testing;
using NodaTime;
using Xunit;
using static Loyalty.Rules.Tests.Ledger.LedgerTestData;

namespace Loyalty.Rules.Tests.Telemetry;

public class TelemetryTests
{
    [Fact]
    public void TheMeter_CountsEventsByKindAndStatus_PointsAccruedRedeemedExpired_HoldsAndBudgetClaims()
    {
        string id = $"telemetry-{Guid.NewGuid():N}"; // other tests run at the same time: only this program's measurements count
        var program = new LoyaltyProgramBuilder(id, "USD", NewYork)
            .WithLots(new LotPolicy { Expiry = ExpiryPolicy.FixedTerm(Period.FromMonths(1)) })
            .AddEarnRate("base", 1m)
            .WithHoldReview(new HoldReview(7, HoldResolution.Void))
            .AddFraudCheck(new PointsCeiling(600))
            .AddPolicy(new TargetedOffer
            {
                Id = "welcome", Description = "Welcome", StartsAt = Local(2026, 3, 1), EndsAt = Local(2026, 4, 1),
                Points = new Points(400), Budget = new CampaignBudget(new Points(500), AllowPartial: true), Limit = OfferLimit.Once,
            })
            .Build();
        var measured = new ConcurrentQueue<(string Instrument, long Value, string Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == LoyaltyTelemetry.Name)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var all = tags.ToArray();
            if (all.Any(t => t.Key == LoyaltyTelemetry.ProgramTag && (string?)t.Value == id))
            {
                measured.Enqueue((instrument.Name, value, string.Join(",", all.Where(t => t.Key != LoyaltyTelemetry.ProgramTag).Select(t => $"{t.Key}={t.Value}"))));
            }
        });
        listener.Start();

        var budgets = new LoyaltyBudgets(program);
        var account = budgets.Process(MemberAccount.Open("M1"), new PurchaseEvent(Purchase("T1", Local(2026, 3, 9), 50m)), Member).Account; // 50 + 400 of the budget
        var second = new PurchaseEvent(Purchase("T2", Local(2026, 3, 10), 20m));
        account = budgets.Process(account, second, Member).Account;                                                                          // 20 (the offer was used)
        account = program.Ledger.Process(account, second, Member).Account;                                                                   // a re-delivery
        account = program.Ledger.Process(account, new PurchaseEvent(Purchase("T3", Local(2026, 3, 11), 700m)), Member).Account;              // held: 700 > 600
        account = program.Redeem(account, "R1", Local(2026, 3, 12), 30).Account;
        account = program.Redeem(account, "R2", Local(2026, 3, 12), 1_000_000).Account;                                                      // rejected
        account = program.Ledger.Expire(account, Local(2026, 5, 1)).Account;                                                                 // 440 expire; the hold was voided on 18 March
        Assert.Equal(new AccountBalance(0, 0, 0), account.BalanceAt(Local(2026, 5, 1)));

        long Sum(string instrument, string tags = "") => measured.Where(m => m.Instrument == instrument && m.Tags == tags).Sum(m => m.Value);
        Assert.Equal(2, Sum(LoyaltyTelemetry.EventsProcessed, "loyalty.event.kind=purchase,loyalty.ledger.status=applied"));
        Assert.Equal(1, Sum(LoyaltyTelemetry.EventsProcessed, "loyalty.event.kind=purchase,loyalty.ledger.status=duplicate"));
        Assert.Equal(1, Sum(LoyaltyTelemetry.EventsProcessed, "loyalty.event.kind=purchase,loyalty.ledger.status=held"));
        Assert.Equal(1, Sum(LoyaltyTelemetry.EventsProcessed, "loyalty.event.kind=redemption,loyalty.ledger.status=applied"));
        Assert.Equal(1, Sum(LoyaltyTelemetry.EventsProcessed, "loyalty.event.kind=redemption,loyalty.ledger.status=rejected"));
        Assert.Equal(1, Sum(LoyaltyTelemetry.EventsProcessed, "loyalty.event.kind=expire,loyalty.ledger.status=applied"));
        Assert.Equal(6 + 1, measured.Count(m => m.Instrument == LoyaltyTelemetry.EventsProcessed));
        Assert.Equal(470, Sum(LoyaltyTelemetry.PointsAccrued));
        Assert.Equal(30, Sum(LoyaltyTelemetry.PointsRedeemed));
        Assert.Equal(440, Sum(LoyaltyTelemetry.PointsExpired));
        Assert.Equal(1, Sum(LoyaltyTelemetry.Holds, "loyalty.hold=placed"));
        Assert.Equal(1, Sum(LoyaltyTelemetry.Holds, "loyalty.hold=voided"));
        Assert.Equal(1, Sum(LoyaltyTelemetry.BudgetClaims, "loyalty.claim.status=granted"));
        Assert.Equal(4, Sum(LoyaltyTelemetry.Evaluations)); // T1 twice (the claim, then with the grant), T2 once, T3 once: the duplicate is not evaluated
    }

    [Fact]
    public void TheActivitySource_TracesEachLedgerCall_WithKindStatusAndEventId_AndEndsItWhenTheCallThrows()
    {
        string id = $"telemetry-{Guid.NewGuid():N}";
        var program = new LoyaltyProgramBuilder(id, "USD", NewYork).AddEarnRate("base", 1m).Build();
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == LoyaltyTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { if ((string?)a.GetTagItem(LoyaltyTelemetry.ProgramTag) == id) { stopped.Enqueue(a); } },
        };
        ActivitySource.AddActivityListener(listener);

        var account = program.Ledger.Process(MemberAccount.Open("M1"), new PurchaseEvent(Purchase("T1", Local(2026, 3, 9), 50m)), Member).Account;
        Assert.ThrowsAny<ArgumentException>(() => program.Ledger.Process(account, new RedemptionEvent("R1", "M2", Local(2026, 3, 10), 10), new MemberContext("M2")));

        Assert.Collection(stopped,
            a =>
            {
                Assert.Equal(LoyaltyTelemetry.ProcessActivity, a.OperationName);
                Assert.Equal(("purchase", "applied", "T1"), ((string?)a.GetTagItem(LoyaltyTelemetry.KindTag), (string?)a.GetTagItem(LoyaltyTelemetry.StatusTag), (string?)a.GetTagItem(LoyaltyTelemetry.EventIdTag)));
                Assert.Equal(ActivityStatusCode.Unset, a.Status);
            },
            a =>
            {
                Assert.Equal("redemption", a.GetTagItem(LoyaltyTelemetry.KindTag));
                Assert.Equal((ActivityStatusCode.Error, "account.MemberId: 'M1' is not the event's member 'M2'."), (a.Status, a.StatusDescription));
            });
    }
}
