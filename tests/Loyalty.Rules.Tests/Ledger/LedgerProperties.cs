using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Loyalty.Rules.Testing;
using NodaTime;

namespace Loyalty.Rules.Tests.Ledger;

/// <summary>One operation of a generated history; indexes pick earlier events when the history runs.</summary>
public sealed record Operation(string Kind, int Hours, int A, int B, int C);

/// <summary>A program with ledger policies and a history of at most 50 operations.</summary>
public sealed record History(LoyaltyProgram Program, Operation[] Operations)
{
    public override string ToString()
        => $"lots {Program.Lots.PendingDays}d/{Program.Lots.Expiry}, shortfall {Program.LedgerPolicy.Shortfall}, redemption {Program.Redemption}, fraud checks {Program.Fraud.Checks.Length}, review {Program.Fraud.Review}{Environment.NewLine}"
           + string.Join(Environment.NewLine, Operations.Select((o, i) => $"{i}: {o}"));
}

public static class LedgerGenerators
{
    private static readonly string[] Kinds = ["purchase", "purchase", "purchase", "activity", "redeem", "redeem", "donate", "cancel", "refund", "refund", "adjust", "expire", "redeliver", "release", "void", "dividend", "paid-tier", "tier-override", "reward", "reward", "use-voucher"];
    internal static readonly string[] TierIds = ["Bronze", "Silver", "Gold"];

    public static Arbitrary<History> Histories() =>
        (from program in Program()
         from count in Gen.Choose(1, 50)
         from operations in Operation().ArrayOf(count)
         select new History(program, operations)).ToArbitrary();

    private static Gen<Operation> Operation() =>
        from kind in Gen.Elements(Kinds)
        from hours in Gen.Frequency((3, Gen.Choose(0, 72)), (1, Gen.Choose(0, 24 * 120)))
        from a in Gen.Choose(0, 10_000)
        from b in Gen.Choose(0, 10_000)
        from c in Gen.Choose(-300, 300)
        select new Operation(kind, hours, a, b, c);

    private static Gen<LoyaltyProgram> Program() =>
        from pending in Gen.Elements(0, 0, 3, 14)
        from expiry in Gen.Elements(
            ExpiryPolicy.Never,
            ExpiryPolicy.FixedTerm(Period.FromDays(30)),
            ExpiryPolicy.FixedTerm(Period.FromMonths(1)),
            ExpiryPolicy.EndOfPeriod(CalendarPeriod.Month, 0),
            ExpiryPolicy.EndOfPeriod(CalendarPeriod.Year, 1),
            ExpiryPolicy.EarliestOf(ExpiryPolicy.FixedTerm(Period.FromMonths(3)), ExpiryPolicy.Inactivity(Period.FromDays(60))))
        from promo in Gen.Elements(false, true)
        from shortfall in Gen.Elements(Enum.GetValues<RefundShortfall>())
        from minimum in Gen.Elements(1L, 50L)
        from increment in Gen.Elements(1L, 10L)
        from zone in Gen.Elements("America/New_York", "America/Santiago", "UTC")
        from fraud in Gen.Elements(false, true)
        from review in Gen.Choose(1, 10).Zip(Gen.Elements(HoldResolution.Release, HoldResolution.Void), (days, at) => new HoldReview(days, at))
        from offer in Gen.Elements<CampaignBudget?>(null, new CampaignBudget(new Points(1_000)), new CampaignBudget(new Points(130), AllowPartial: true))
        from offered in Gen.Elements(false, true)
        from tiered in Gen.Elements(false, true)
        from catalog in Gen.Elements(false, true, true)
        select Build(pending, expiry, promo, shortfall, minimum, increment, zone, fraud ? review : null, offered ? offer : null, offered, tiered, catalog);

    /// <summary>The stock of the stocked catalog reward in every history.</summary>
    internal const int PastryStock = 3;

    private static LoyaltyProgram Build(int pending, ExpiryPolicy expiry, bool promo, RefundShortfall shortfall, long minimum, long increment, string zone, HoldReview? review, CampaignBudget? budget, bool offered, bool tiered, bool catalog)
    {
        var builder = new LoyaltyProgramBuilder("ledger", "USD", DateTimeZoneProviders.Tzdb[zone])
            .WithLots(new LotPolicy { PendingDays = pending, Expiry = expiry })
            .WithLedger(new LedgerPolicy { Shortfall = shortfall })
            .WithRedemption(new RedemptionPolicy { Minimum = minimum, Increment = increment, Causes = ["food-bank"] })
            .WithRounding(new RoundingPolicy { CarryFraction = true })
            .AddEarnRate("base", 1.5m)
            .AddSpendThresholdBonus("spend-35", 35m, new Points(20))
            .AddFixedBonus("promo", new Points(5), new Condition { Channels = ["app"] })
            .AddActivity(new ActivityRule { Id = "review", Activity = ActivityKind.Review, Points = new Points(15) })
            .WithSpendReward(new SpendReward { Step = 100m, RewardValue = 5m })
            .WithDividend(new DividendPolicy { Period = CalendarPeriod.Month, Share = 0.10m });
        if (offered)
        {
            // Within the first weeks of a history: twice a week, at least 20.00, from a budget or not.
            builder.AddPolicy(new TargetedOffer
            {
                Id = "winter",
                StartsAt = Instant.FromUtc(2026, 1, 3, 0, 0),
                EndsAt = Instant.FromUtc(2026, 3, 1, 0, 0),
                Points = new Points(60),
                MinimumSpend = 20m,
                Limit = new OfferLimit(2, CalendarPeriod.Week),
                Budget = budget,
            });
        }

        if (tiered)
        {
            // The account keeps the tier, and the tier changes the points: Silver earns x1.25, Gold x1.5.
            builder.WithTierLadder(Tiers.TierTests.Ladder(graceDays: 30)).AddTierAccelerator("tiers", ("Silver", 1.25m), ("Gold", 1.5m));
        }

        if (catalog)
        {
            // A treat twice a week, valid 10 days; a pastry from a stock of three, valid with no end; reminders.
            builder.AddReward(new CatalogReward { Id = "treat", Name = "A treat", Points = 60, Value = 3.00m, Limit = new RewardLimit(2, CalendarPeriod.Week), ValidForDays = 10 })
                .AddReward(new CatalogReward { Id = "pastry", Name = "A pastry", Points = 40, Value = 2.50m, Product = "pastry", Stocked = true })
                .WithSpendReward(new SpendReward { Step = 100m, RewardValue = 5m, ValidForDays = 30 })
                .WithReminders(new ReminderPolicy { DaysBefore = [30, 7] });

            // Games: three visits a week (+25 and a badge), a card of 5 items (a treat), days in a row (2: +10, 4: a
            // badge; one freeze a month), ten visits ever (a badge).
            builder.AddBadge(new Badge { Id = "regular", Name = "Regular" })
                .AddBadge(new Badge { Id = "ten", Name = "Ten visits", Criterion = BadgeCriterion.Lifetime(ChallengeGoal.Purchases, 10) })
                .AddBadge(new Badge { Id = "four-days", Name = "Four days", Criterion = BadgeCriterion.StreakOf("days", 4) })
                .AddChallenge(new Challenge { Id = "week", Name = "Three visits a week", Goal = ChallengeGoal.Purchases, Target = 3, Window = CalendarPeriod.Week, Reward = new GameReward { Points = 25, BadgeId = "regular" } })
                .AddStampCard(new StampCard { Id = "card", Name = "Five items", Every = 5, Reward = new GameReward { RewardId = "treat" } })
                .AddStreak(new Streak { Id = "days", Name = "Days in a row", Period = StreakPeriod.Day, FreezesPerMonth = 1, Rewards = [new StreakReward(2, new GameReward { Points = 10 }), new StreakReward(4, new GameReward { BadgeId = "regular" })] });
        }

        if (promo)
        {
            builder.WithRuleLots("promo", new LotPolicy { Expiry = ExpiryPolicy.FixedTerm(Period.FromDays(7)) });
        }

        if (review is not null)
        {
            builder.WithHoldReview(review)
                .AddFraudCheck(new PointsCeiling(40))
                .AddFraudCheck(new Velocity(Duration.FromHours(6)) { MaxPurchases = 2 })
                .AddFraudCheck(new SpendCeiling(90m) { Action = FraudAction.Reject })
                .AddFraudCheck(new RedemptionVelocity(Duration.FromHours(24), 2));
        }

        return builder.Build();
    }
}

public class LedgerProperties
{
    private const int Cases = 10_000;
    private static readonly Instant Start = Instant.FromUtc(2026, 1, 1, 15, 0);
    private static readonly MemberContext Member = new("M1");

    /// <summary>
    /// After every operation of any history: points are conserved, no balance is negative unless the program allows
    /// debt, lots are sane, expiry took only what was due, a re-delivered event changes nothing, and the account
    /// survives a JSON round trip.
    /// </summary>
    [Property(MaxTest = Cases, Arbitrary = [typeof(LedgerGenerators)])]
    public Property EveryStep_KeepsTheLedgerInvariants(History history)
    {
        var program = history.Program;
        var budgets = Budgets(program);
        var account = MemberAccount.Open("M1");
        var at = Start;
        var events = new List<LedgerEvent>();
        var purchases = new List<Transaction>();
        var redemptions = new List<string>();
        var held = new List<string>();
        var vouchers = new List<string>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        int pastries = 0;
        var resolved = new HashSet<string>(StringComparer.Ordinal);
        var store = new HashSet<string>(StringComparer.Ordinal); // the host's unique key on entry ids
        int step = 0;
        foreach (var op in history.Operations)
        {
            at = at.Plus(Duration.FromHours(op.Hours));
            string id = $"E{step++}";
            LedgerEvent? e = EventFor(op, id, at, events, purchases, redemptions, held, vouchers);

            LedgerOutcome outcome;
            var heldLots = account.Lots.Where(l => l.IsHeld).Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
            if (e is null && op.Kind == "dividend")
            {
                outcome = program.Ledger.PayDividends(account, at);
                if (outcome.Entries.Any(x => x.Kind != LedgerEntryKind.Accrued && x.Kind != LedgerEntryKind.DebtRepaid && x.Kind != LedgerEntryKind.BecameAvailable
                                             && x.Kind != LedgerEntryKind.Released && x.Kind != LedgerEntryKind.Voided && x.Kind != LedgerEntryKind.RewardIssued
                                             && x.Kind != LedgerEntryKind.BadgeEarned))
                {
                    // (a hold whose deadline passed is resolved first; spend it releases may complete a spend reward)
                    return false.Label($"step {step}: paying dividends did something else: {string.Join(" | ", outcome.Entries)}");
                }
            }
            else if (e is null)
            {
                outcome = program.Ledger.Expire(account, at);
                if (ExpiredOtherThanDue(program, account, outcome, at) is { } lot)
                {
                    return false.Label($"step {step}: expiry did not take exactly what was due: {lot}; entries {string.Join(" | ", outcome.Entries)}");
                }
            }
            else
            {
                outcome = budgets.Process(account, e, Member);
                if (e is HoldReviewEvent review && resolved.Contains(review.HeldEventId) && outcome.Status is LedgerStatus.Applied or LedgerStatus.Held)
                {
                    return false.Label($"step {step}: '{review.HeldEventId}' was decided again after its hold ended ({outcome.Status})");
                }

                if (outcome.Status is LedgerStatus.Applied or LedgerStatus.Held)
                {
                    var again = program.Ledger.Process(outcome.Account, e, Member);
                    if (again.Status != LedgerStatus.Duplicate || !ReferenceEquals(again.Account, outcome.Account) || again.Entries.Length != 0)
                    {
                        return false.Label($"step {step}: re-delivering {e.Id} was not a no-op ({again.Status}: {again.Reason})");
                    }

                    Remember(e, outcome, events, purchases, redemptions, held, vouchers);

                    if (e is HoldReviewEvent decided)
                    {
                        resolved.Add(decided.HeldEventId);
                    }
                }
                else if (!ReferenceEquals(outcome.Account, account) || outcome.Entries.Length != 0)
                {
                    return false.Label($"step {step}: a {outcome.Status} event changed the account");
                }
            }

            string? spentWhileHeld = SpentWhileHeld(heldLots, outcome);
            if (spentWhileHeld is not null)
            {
                return false.Label($"step {step}: {spentWhileHeld}");
            }

            resolved.UnionWith(outcome.Entries.Where(x => x.Id.Contains(":review#", StringComparison.Ordinal)).Select(x => x.Id[..x.Id.IndexOf(":review#", StringComparison.Ordinal)]));
            if (outcome.Entries.Select(x => x.Id).Distinct().Count() != outcome.Entries.Length)
            {
                return false.Label($"step {step}: one outcome has two entries with the same id");
            }

            if (e is RewardRedemptionEvent { RewardId: "pastry" } && outcome.Status == LedgerStatus.Applied)
            {
                pastries++; // granted a unit, whether or not the host then stores it
            }

            if (outcome.Entries.Any(x => store.Contains(x.Id)))
            {
                // An event re-delivered after the retention window: the host's unique key refuses the write.
                if (e is null || !events.Take(events.Count - 1).Any(old => old.Id == e.Id))
                {
                    return false.Label($"step {step}: a new event produced an entry id already stored");
                }

                continue;
            }

            store.UnionWith(outcome.Entries.Select(x => x.Id));
            foreach (var use in outcome.Entries.Where(x => x.Kind == LedgerEntryKind.VoucherUsed))
            {
                if (!used.Add(use.Reward!.VoucherId!))
                {
                    return false.Label($"step {step}: voucher {use.Reward.VoucherId} was used twice");
                }
            }

            account = outcome.Account;
            if (program.Rewards.Any(r => r.Stocked) && LedgerGenerators.PastryStock - budgets.StockLeft("pastry") is var granted && (granted > LedgerGenerators.PastryStock || granted != pastries))
            {
                return false.Label($"step {step}: {granted} units of pastry granted, of a stock of {LedgerGenerators.PastryStock}, for {pastries} pastries redeemed");
            }
            string? broken = Invariants(program, account, at);
            if (broken is not null)
            {
                return false.Label($"step {step} ({op.Kind}): {broken}");
            }
        }

        return true.Classify(history.Operations.Length > 25, "long history").Classify(account.Totals.Reversed > 0, "has reversals")
            .Classify(account.Totals.Expired > 0, "has expiry").Classify(account.Debt > 0, "ends in debt").Classify(account.Totals.Redeemed > 0, "has redemptions")
            .Classify(account.Lots.Any(l => l.RuleId == "dividend") || account.Totals.Accrued > 0 && account.State.Get(DividendState.PaidThrough) is not null, "paid a dividend")
            .Classify(program.Ledger.TierOf(account, at) is { TierId: not "Bronze" }, "ended above the entry tier")
            .Classify(used.Count > 0, "used a voucher").Classify(account.Vouchers.Any(v => v.Status == VoucherStatus.Voided), "voided a voucher")
            .Classify(account.Vouchers.Any(v => v.Status == VoucherStatus.Expired), "expired a voucher").Classify(pastries > 0, "redeemed from stock")
            .Classify(held.Count > 0, "has holds").Classify(account.Totals.Voided > 0, "has voided holds").Classify(resolved.Count > 0, "has ended holds");
    }

    /// <summary>
    /// A batch (<see cref="LedgerProcessor.ProcessAll"/>) gives what one-by-one processing gives: every outcome (status,
    /// reason, entries, accrual, value, qualifying, tier, fraud findings) and the account after it, in any history, with
    /// due work (expiry, dividends) between batches, re-deliveries and rejections inside them.
    /// </summary>
    [Property(MaxTest = Cases, Arbitrary = [typeof(LedgerGenerators)])]
    public Property Batch_GivesWhatOneByOneGives(History history)
    {
        var program = history.Program;
        var oneByOne = Budgets(program);
        var batched = Budgets(program);
        var account = MemberAccount.Open("M1");
        var batchAccount = account;
        var at = Start;
        var events = new List<LedgerEvent>();
        var purchases = new List<Transaction>();
        var redemptions = new List<string>();
        var held = new List<string>();
        var vouchers = new List<string>();
        var pending = new List<LedgerEvent>();
        var expected = new List<LedgerOutcome>();
        int step = 0, batches = 0;
        string? Flush()
        {
            if (pending.Count == 0)
            {
                return null;
            }

            var batch = program.Ledger.ProcessAll(batchAccount, pending, Member, batched.Decide);
            batches++;
            for (int i = 0; i < pending.Count; i++)
            {
                if (Difference(expected[i], batch.Outcomes[i]) is { } difference)
                {
                    return $"event {pending[i].Id} ({pending[i].GetType().Name}) of a batch of {pending.Count}: {difference}";
                }

                if (!ReferenceEquals(batch.Outcomes[i].Account, batch.Account))
                {
                    return $"event {pending[i].Id}: its outcome does not carry the batch's account";
                }
            }

            if (!batch.Account.Equals(account) || batch.Account.ToJson() != account.ToJson())
            {
                return $"the batch of {pending.Count} wrote another account than one by one:{Environment.NewLine}{batch.Account.ToJson()}{Environment.NewLine}{account.ToJson()}";
            }

            batchAccount = batch.Account;
            pending.Clear();
            expected.Clear();
            return null;
        }

        foreach (var op in history.Operations)
        {
            at = at.Plus(Duration.FromHours(op.Hours));
            string id = $"E{step++}";
            LedgerEvent? e = EventFor(op, id, at, events, purchases, redemptions, held, vouchers);

            if (e is null)
            {
                // Due work is not an event: it ends the batch, then runs on both accounts alike.
                if (Flush() is { } broken)
                {
                    return false.Label(broken);
                }

                account = (op.Kind == "dividend" ? program.Ledger.PayDividends(account, at) : program.Ledger.Expire(account, at)).Account;
                batchAccount = (op.Kind == "dividend" ? program.Ledger.PayDividends(batchAccount, at) : program.Ledger.Expire(batchAccount, at)).Account;
                continue;
            }

            var outcome = oneByOne.Process(account, e, Member);
            pending.Add(e);
            expected.Add(outcome);
            account = outcome.Account;
            if (outcome.Status is LedgerStatus.Applied or LedgerStatus.Held)
            {
                Remember(e, outcome, events, purchases, redemptions, held, vouchers);
            }
        }

        return (Flush() is { } last ? false.Label(last) : true.ToProperty())
            .Classify(batches > 1, "several batches").Classify(expected.Count > 10, "a long last batch");
    }

    /// <summary>
    /// A working account (<see cref="LedgerProcessor.Open"/>) kept open over a whole history gives what one-by-one
    /// processing gives: every outcome of events and due work (expiry, dividends), the balances between them, and the
    /// account whenever it is written (every so often, and at the end); outcomes carry the account last written. A
    /// second working account applying the same history for the account alone (<see cref="WorkingAccount.Apply"/>, no
    /// outcomes) gives the same statuses, balances and accounts.
    /// </summary>
    [Property(MaxTest = Cases, Arbitrary = [typeof(LedgerGenerators)])]
    public Property WorkingAccount_GivesWhatOneByOneGives(History history)
    {
        var program = history.Program;
        var oneByOne = Budgets(program);
        var worked = Budgets(program);
        var applied = Budgets(program);
        var account = MemberAccount.Open("M1");
        using var working = program.Ledger.Open(account);
        using var quiet = program.Ledger.Open(account);
        var at = Start;
        var events = new List<LedgerEvent>();
        var purchases = new List<Transaction>();
        var redemptions = new List<string>();
        var held = new List<string>();
        var vouchers = new List<string>();
        var unwritten = new List<LedgerOutcome>();
        int step = 0, writes = 0;
        string? Write()
        {
            var written = working.ToAccount();
            writes++;
            if (!written.Equals(account) || written.ToJson() != account.ToJson())
            {
                return $"the working account wrote another account than one by one after {step} steps:{Environment.NewLine}{written.ToJson()}{Environment.NewLine}{account.ToJson()}";
            }

            var quietly = quiet.ToAccount();
            if (!quietly.Equals(account) || quietly.ToJson() != account.ToJson())
            {
                return $"applied quietly, the working account wrote another account than one by one after {step} steps:{Environment.NewLine}{quietly.ToJson()}{Environment.NewLine}{account.ToJson()}";
            }

            if (unwritten.Find(o => !ReferenceEquals(o.Account, written)) is { } stale)
            {
                return $"an outcome ({stale.Status}) does not carry the account written";
            }

            unwritten.Clear();
            return null;
        }

        foreach (var op in history.Operations)
        {
            at = at.Plus(Duration.FromHours(op.Hours));
            string id = $"E{step++}";
            LedgerEvent? e = EventFor(op, id, at, events, purchases, redemptions, held, vouchers);
            LedgerOutcome expected, actual;
            if (e is null)
            {
                bool dividend = op.Kind == "dividend";
                expected = dividend ? program.Ledger.PayDividends(account, at) : program.Ledger.Expire(account, at);
                actual = dividend ? working.PayDividends(at) : working.Expire(at);
                if (dividend)
                {
                    quiet.ApplyDividends(at);
                }
                else
                {
                    quiet.ApplyExpiry(at);
                }
            }
            else
            {
                expected = oneByOne.Process(account, e, Member);
                actual = working.Process(e, Member, decide: worked.Decide);
                if (quiet.Apply(e, Member, decide: applied.Decide) is var status && status != expected.Status)
                {
                    return false.Label($"step {id} ({e.GetType().Name}): applied quietly {status}, one by one {expected.Status}");
                }
            }

            account = expected.Account;
            unwritten.Add(actual);
            if (Difference(expected, actual) is { } difference)
            {
                return false.Label($"step {id} ({e?.GetType().Name ?? op.Kind}): {difference}");
            }

            if (working.BalanceAt(at) != account.BalanceAt(at) || working.BalanceAt(at.Plus(Duration.FromDays(40))) != account.BalanceAt(at.Plus(Duration.FromDays(40)))
                || quiet.BalanceAt(at) != account.BalanceAt(at))
            {
                return false.Label($"step {id}: balances {working.BalanceAt(at)} against {account.BalanceAt(at)}");
            }

            if (e is not null && (expected.Status is LedgerStatus.Applied or LedgerStatus.Held))
            {
                Remember(e, expected, events, purchases, redemptions, held, vouchers);
            }

            if (step % 7 == 0 && Write() is { } broken)
            {
                return false.Label(broken);
            }
        }

        return (Write() is { } last ? false.Label(last) : true.ToProperty()).Classify(writes > 2, "written several times");
    }

    /// <summary>What later operations can pick from an applied event: it (to re-deliver), its purchase, its redemption, its hold.</summary>
    private static void Remember(LedgerEvent e, LedgerOutcome outcome, List<LedgerEvent> events, List<Transaction> purchases, List<string> redemptions, List<string> held, List<string> vouchers)
    {
        events.Add(e);
        vouchers.AddRange(outcome.Entries.Where(x => x.Kind == LedgerEntryKind.RewardIssued && x.Reward?.VoucherId is not null).Select(x => x.Reward!.VoucherId!));
        if (e is PurchaseEvent p)
        {
            purchases.Add(p.Transaction);
        }

        if (e is RedemptionEvent or RewardRedemptionEvent)
        {
            redemptions.Add(e.Id);
        }

        if (outcome.Status == LedgerStatus.Held)
        {
            held.Add(e.Id);
        }
    }

    /// <summary>The event an operation makes, from what was applied so far (null for due work, or nothing to pick).</summary>
    private static LedgerEvent? EventFor(Operation op, string id, Instant at, List<LedgerEvent> events, List<Transaction> purchases, List<string> redemptions, List<string> held, List<string> vouchers)
        => op.Kind switch
        {
            "purchase" => new PurchaseEvent(Purchase(id, at, op)),
            "activity" => new ActivityAccrualEvent(new ActivityEvent(id, "M1", at, ActivityKind.Review)),
            "redeem" => new RedemptionEvent(id, "M1", at, 1 + (op.A % 400)),
            "donate" => new RedemptionEvent(id, "M1", at, 1 + (op.A % 400), cause: op.B % 5 == 0 ? "unknown-cause" : "food-bank"),
            "cancel" when redemptions.Count > 0 => new RedemptionCancellationEvent(id, "M1", at, redemptions[op.A % redemptions.Count]),
            "refund" when purchases.Count > 0 => Refund(id, at, purchases[op.A % purchases.Count], op),
            "adjust" when op.C != 0 => new AdjustmentEvent(id, "M1", at, op.C, "goodwill"),
            "redeliver" when events.Count > 0 => events[op.A % events.Count],
            "release" or "void" when held.Count > 0 => new HoldReviewEvent(id, "M1", at, held[op.A % held.Count], op.Kind == "release" ? HoldResolution.Release : HoldResolution.Void, "reviewed"),
            "paid-tier" => op.C % 4 == 0 ? PaidTierEvent.Ended(id, "M1", at) : new PaidTierEvent(id, "M1", at, LedgerGenerators.TierIds[op.A % 3], op.B % 2 == 0 ? null : at.Plus(Duration.FromDays(1 + (op.B % 200)))),
            "tier-override" => op.C % 4 == 0 ? TierOverrideEvent.Removal(id, "M1", at) : new TierOverrideEvent(id, "M1", at, LedgerGenerators.TierIds[op.A % 3], (TierOverrideKind)(op.B % 3), at.Plus(Duration.FromDays(1 + (op.B % 100)))),
            "reward" => new RewardRedemptionEvent(id, "M1", at, (op.B % 5) switch { 0 => "pastry", 4 => "unknown", _ => "treat" }),
            "use-voucher" when vouchers.Count > 0 => new VoucherUseEvent(id, "M1", at, vouchers[op.A % vouchers.Count], $"T-{id}"),
            _ => null,
        };

    private static LoyaltyBudgets Budgets(LoyaltyProgram program)
        => program.Rewards.Any(r => r.Stocked) ? new LoyaltyBudgets(program).WithStock("pastry", LedgerGenerators.PastryStock) : new LoyaltyBudgets(program);

    /// <summary>How two outcomes of the same event differ (all but the account), or null.</summary>
    private static string? Difference(LedgerOutcome expected, LedgerOutcome actual)
    {
        static string Text(LedgerOutcome o) => string.Join(Environment.NewLine, [
            $"status {o.Status}, reason {o.Reason}, value {o.Value}, fraud {o.Fraud.Action}: {o.Fraud.Reason}",
            $"accrual {o.Accrual?.Total} {string.Join(", ", o.Accrual?.Items.Select(i => $"{i.RuleId}={i.Points}") ?? [])} claims {string.Join(", ", o.Accrual?.Claims.Select(c => $"{c.OfferId}:{c.Status}:{c.Granted}") ?? [])}",
            $"qualifying {o.Qualifying}, released {string.Join(", ", o.Released)}",
            $"tier {o.Tier?.TierId} since {o.Tier?.Since} until {o.Tier?.SecuredUntil} ({o.Tier?.Reason}), change {o.TierChange}",
            .. o.Entries.Select(x => x.ToString())]);
        string left = Text(expected), right = Text(actual);
        return left == right ? null : $"one by one:{Environment.NewLine}{left}{Environment.NewLine}batched:{Environment.NewLine}{right}";
    }

    /// <summary>A full refund of a purchase nothing was spent from restores the balances before it.</summary>
    [Property(MaxTest = Cases, Arbitrary = [typeof(LedgerGenerators)])]
    public bool FullRefund_OfAnUnspentPurchase_RestoresTheBalance(History history)
    {
        var program = history.Program;
        var account = MemberAccount.Open("M1");
        var at = Start;
        int step = 0;
        foreach (var op in history.Operations.Where(o => o.Kind is "purchase" or "activity"))
        {
            at = at.Plus(Duration.FromHours(op.Hours));
            account = program.Ledger.Process(account, new PurchaseEvent(Purchase($"E{step++}", at, op)), Member).Account;
        }

        var last = history.Operations[^1];
        var purchase = Purchase("P", at.Plus(Duration.FromHours(1)), last);
        var bought = program.Ledger.Process(account, new PurchaseEvent(purchase), Member).Account;
        var refundAt = at.Plus(Duration.FromHours(2));
        var refunded = program.Ledger.Process(bought, new RefundEvent("R", refundAt, purchase, purchase.Lines.Select((l, i) => new ReturnedLine(i, l.Quantity))), Member).Account;
        bool reviewedMeanwhile = account.Lots.Any(l => l.ReviewBy <= refundAt); // a hold's deadline is a change of its own
        return reviewedMeanwhile || account.BalanceAt(refundAt) == refunded.BalanceAt(refundAt);
    }


    private static string? Invariants(LoyaltyProgram program, MemberAccount account, Instant at)
    {
        var t = account.Totals;
        var balance = account.BalanceAt(at);
        long left = (t.Accrued + t.AdjustedUp).Value;
        long right = (balance.Available + balance.Pending + balance.Held + t.Redeemed + t.Expired + t.Reversed + t.AdjustedDown + t.Voided).Value;
        if (left != right)
        {
            return $"conservation: {left} accrued and added, {right} accounted for ({t}, {balance})";
        }

        if (program.LedgerPolicy.Shortfall != RefundShortfall.Debt && (account.Debt != 0 || balance.Available < 0))
        {
            return $"negative balance without a debt policy: {balance}, debt {account.Debt}";
        }

        if (account.Lots.Any(l => l.Remaining <= 0 || l.Remaining > l.Points))
        {
            return "a lot has no points, or more than it was earned with";
        }

        if (account.Lots.Select(l => l.Id).Distinct().Count() != account.Lots.Length)
        {
            return "two lots share an id";
        }

        if (VoucherProblem(program, account, at) is { } voucher)
        {
            return voucher;
        }

        var json = account.ToJson();
        var read = MemberAccount.FromJson(json);
        if (!read.Equals(account))
        {
            return "the JSON round trip changed the account";
        }

        if (read.ToJson() != json)
        {
            return $"the account read back writes other JSON (tables are written one way):{Environment.NewLine}{json}{Environment.NewLine}{read.ToJson()}";
        }

        return null;
    }

    private static PointLot? ExpiredOtherThanDue(LoyaltyProgram program, MemberAccount before, LedgerOutcome outcome, Instant at)
    {
        var inactivity = program.Ledger.InactivityDeadline(before.LastActivityAt);
        bool inactive = inactivity is { } deadline && deadline <= at;
        var expired = outcome.Entries.Where(e => e.Kind == LedgerEntryKind.Expired).Select(e => e.LotId).ToHashSet();
        var released = outcome.Entries.Where(e => e.Kind == LedgerEntryKind.Released).Select(e => e.LotId).ToHashSet();
        // A released lot may pay back a debt whole before expiry looks at it (a game it completes repays from no lot).
        var repaid = outcome.Entries.Where(e => e.Kind == LedgerEntryKind.DebtRepaid && e.LotId is not null).GroupBy(e => e.LotId).ToDictionary(g => g.Key!, g => g.Sum(e => e.Points.Value));
        return before.Lots.FirstOrDefault(l => repaid.GetValueOrDefault(l.Id) != l.Remaining && !(l.IsHeld && !released.Contains(l.Id)
            ? !expired.Contains(l.Id)
            : expired.Contains(l.Id) == (inactive || (l.ExpiresAt is { } x && x <= at))));
    }

    /// <summary>What is wrong with the account's vouchers: ids, states, validity, the weekly limit of the treat; or null.</summary>
    private static string? VoucherProblem(LoyaltyProgram program, MemberAccount account, Instant at)
    {
        var vouchers = account.Vouchers;
        if (vouchers.Select(v => v.Id).Distinct().Count() != vouchers.Length)
        {
            return "two vouchers share an id";
        }

        var today = at.InZone(program.TimeZone).Date;
        foreach (var v in vouchers)
        {
            bool sane = v.Status switch
            {
                VoucherStatus.Issued => v.ClosedAt is null && v.UsedBy is null,
                VoucherStatus.Used => v.ClosedAt is { } used && used >= v.IssuedAt && v.UsedBy is not null && (v.ValidUntil is not { } until || used.InZone(program.TimeZone).Date <= until),
                VoucherStatus.Expired => v.ValidUntil is { } last && last < today && v.UsedBy is null,
                _ => v.ClosedAt is not null && v.UsedBy is null && (v.Points > 0 || v.RewardId != SpendReward.RewardId), // a cancelled redemption's, or a game's taken back
            };
            if (!sane || v.ValidFrom != v.IssuedAt.InZone(program.TimeZone).Date)
            {
                return $"voucher {v.Id} is {v.Status} with closed {v.ClosedAt}, used by {v.UsedBy}, valid {v.ValidFrom} to {v.ValidUntil}";
            }
        }

        var weeks = vouchers.Where(v => v.RewardId == "treat" && v.Status != VoucherStatus.Voided && v.Points > 0) // bought ones: a stamp card's free treat is not a redemption
            .GroupBy(v => v.IssuedAt.InZone(program.TimeZone).Date.With(DateAdjusters.PreviousOrSame(IsoDayOfWeek.Monday)));
        return weeks.FirstOrDefault(w => w.Count() > 2) is { } week ? $"{week.Count()} treats in the week of {week.Key}, limit 2" : null;
    }

    /// <summary>A held lot gives nothing to redemptions, adjustments or expiry before an entry of the same outcome releases it.</summary>
    private static string? SpentWhileHeld(HashSet<string> heldLots, LedgerOutcome outcome)
    {
        var released = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in outcome.Entries)
        {
            if (entry.LotId is null || !heldLots.Contains(entry.LotId))
            {
                continue;
            }

            if (entry.Kind == LedgerEntryKind.Released)
            {
                released.Add(entry.LotId);
            }
            else if (entry.Kind is LedgerEntryKind.Redeemed or LedgerEntryKind.Adjusted or LedgerEntryKind.Expired or LedgerEntryKind.DebtRepaid && !released.Contains(entry.LotId))
            {
                return $"held lot {entry.LotId} gave {entry.Points} points to {entry.Kind} before it was released";
            }
        }

        return null;
    }

    private static Transaction Purchase(string id, Instant at, Operation op)
    {
        int lines = 1 + (op.B % 3);
        return new Transaction(id, "M1", at, "USD", op.A % 3 == 0 ? "app" : "store",
            Enumerable.Range(0, lines).Select(i => new TransactionLine($"S{i}", "coffee", 1 + ((op.A >> i) % 2), ((op.A * (i + 7)) % 5000) / 100m)));
    }

    private static RefundEvent Refund(string id, Instant at, Transaction original, Operation op)
    {
        var lines = Enumerable.Range(0, original.Lines.Length).Where(i => ((op.B >> i) & 1) == 1 || i == op.B % original.Lines.Length);
        return new RefundEvent(id, at, original, lines.Select(i => new ReturnedLine(i, 1m)));
    }
}
