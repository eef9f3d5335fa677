using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using FsCheck.Xunit;
using Loyalty.Rules.DependencyInjection;
using Loyalty.Rules.Samples;
using Loyalty.Rules.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;
using Xunit;

namespace Loyalty.Rules.Tests.Readme;

/// <summary>
/// Every C# block of the READMEs, as a test: the text between <c>#region readme</c> and <c>#endregion</c> is what
/// the README quotes, character for character (<see cref="ReadmeTests"/> checks it), so each block compiles and runs.
/// A block may continue an earlier one (the quick start's <c>program</c> and <c>purchase</c>): the setup says so.
/// </summary>
public class ReadmeSnippets
{
    /// <summary>The quick start's program and purchase, for the blocks that continue it.</summary>
    private static (LoyaltyProgram Program, Transaction Purchase) QuickStartProgram()
    {
        #region readme quick start
        var program = new LoyaltyProgramBuilder("coffee", "USD", DateTimeZoneProviders.Tzdb["America/New_York"])
            .WithTiers("Green", "Silver", "Gold")
            .WithEarningBase(new EarningBase { ExcludedCategories = ["gift-card"] })
            .AddEarnRate("base-rate", 2m, new Dictionary<string, decimal> { ["merch"] = 3m })
            .AddTierAccelerator("tier-accelerator", ("Silver", 1.2m), ("Gold", 1.5m))
            .AddMultiplier("double-tuesday", 2m, new Condition { DaysOfWeek = [IsoDayOfWeek.Tuesday] })
            .AddSpendThresholdBonus("spend-35", 35.00m, new Points(50))
            .AddTransactionCap("cap", new Points(2000))
            .Build();                                   // validates everything, lists every problem at once

        var purchase = new Transaction("T-1", "ana", Instant.FromUtc(2026, 3, 11, 3, 30), "USD", "store",
            [new TransactionLine("LATTE", "coffee", quantity: 2m, unitPrice: 4.95m)]);
        var result = program.Evaluator.Evaluate(purchase, new MemberContext("ana", tierId: "Gold"));
        Console.WriteLine(result);  // 59 points: 9.90 x 2 = 19.80, x1.5 Gold, x2 Tuesday in New York, floored
        #endregion
        Assert.Equal(59, result.Total.Value);
        return (program, purchase);
    }

    [Fact]
    public void QuickStart_GivesTheFiftyNinePointsItShows() => QuickStartProgram();

    [Fact]
    public void Ledger()
    {
        var (program, purchase) = QuickStartProgram();
        #region readme ledger
        var account = MemberAccount.Open("ana");        // a new member; a stored one: MemberAccount.FromJson(json)
        var member = new MemberContext("ana");          // what the host knows now: tier, segments, birthday, enrolment
        var outcome = program.Ledger.Process(account, new PurchaseEvent(purchase), member);
        account = outcome.Account;                      // store it with outcome.Entries, in one database transaction
        var now = purchase.OccurredAt.Plus(Duration.FromDays(1));
        var balance = account.BalanceAt(now);           // available (less any debt), pending, held for review
        var soon = program.Ledger.ExpiringBy(account, now.Plus(Duration.FromDays(30)));
        account = program.Ledger.Expire(account, now).Account;
        string json = account.ToJson();
        #endregion
        Assert.Equal(LedgerStatus.Applied, outcome.Status);
        Assert.Equal(new AccountBalance(39, 0, 0), balance); // no tier named: the account's (none yet), so 9.90 x 2 x2 Tuesday, floored
        Assert.Empty(soon);
        Assert.Equal(account, MemberAccount.FromJson(json));
    }

    [Fact]
    public void Tiers()
    {
        #region readme tiers
        var program = new LoyaltyProgramBuilder("shop", "USD", DateTimeZoneProviders.Tzdb["Europe/Paris"])
            .WithTierLadder(new TierLadder
            {
                Window = TierWindow.CalendarYear,
                Tiers =
                [
                    new TierDefinition { Id = "Bronze" },
                    new TierDefinition { Id = "Silver", Thresholds = new Dictionary<TierMetric, decimal> { [TierMetric.Spend] = 350m }, EarnMultiplier = 1.25m },
                    new TierDefinition { Id = "Gold", Thresholds = new Dictionary<TierMetric, decimal> { [TierMetric.Spend] = 1000m }, EarnMultiplier = 1.5m },
                ],
            })
            .AddEarnRate("base", 1m)
            .AddTierAccelerator("tiers")                // the ladder's earn multipliers
            .Build();
        var ana = new MemberContext("ana");             // no tier named: the account's tier applies
        var now = Instant.FromUtc(2026, 3, 10, 9, 0);
        var bought = program.Ledger.Process(MemberAccount.Open("ana"), new PaidTierEvent("pay-1", "ana", now, "Gold", paidUntil: null), ana);
        var byHand = program.Ledger.Process(bought.Account, new TierOverrideEvent("cs-7", "ana", now, "Silver", TierOverrideKind.Floor), ana);
        Console.WriteLine($"{byHand.Tier!.TierId} since {byHand.Tier.Since}: {bought.TierChange}");
        #endregion
        Assert.Equal("Gold", byHand.Tier.TierId);
        Assert.Equal(new TierChange("Bronze", "Gold", TierChangeReason.PaidTierStarted), bought.TierChange);
        Assert.Null(byHand.TierChange); // a Silver floor under a paid Gold changes nothing
    }

    [Fact]
    public void Referrals()
    {
        #region readme referrals
        var program = new LoyaltyProgramBuilder("bikes", "USD", DateTimeZoneProviders.Tzdb["America/Chicago"])
            .AddEarnRate("base", 1m)
            .WithReferral(new ReferralPolicy
            {
                Referrer = ReferralReward.OfPoints(500),
                Referee = ReferralReward.OfPoints(250),
                Qualification = ReferralQualification.FirstPurchase(10.00m, 30),
            })
            .AddFraudCheck(new SelfReferral { Actions = System.Collections.Immutable.ImmutableDictionary<FingerprintKind, FraudAction>.Empty })
            .Build();
        var accounts = new Dictionary<string, MemberAccount> { ["ana"] = MemberAccount.Open("ana"), ["ben"] = MemberAccount.Open("ben") };
        var referral = new Referral("REF-77", referrerId: "ana", refereeId: "ben", signedUpAt: Instant.FromUtc(2026, 3, 10, 15, 0))
        {
            ReferrerFingerprints = [new(FingerprintKind.PaymentInstrument, "sha256:4f0c")],   // hashed by the host
            RefereeFingerprints = [new(FingerprintKind.PaymentInstrument, "sha256:9e21")],    // another card: not a self-referral
        };
        var bensFirstPurchase = new Transaction("T-9", "ben", Instant.FromUtc(2026, 3, 12, 18, 0), "USD", "web",
            [new TransactionLine("HELMET", "gear", 1m, 42.00m)]);
        var decision = program.Referrals.Decide(referral, bensFirstPurchase, isFirstPurchase: !accounts["ben"].HasPurchased);
        foreach (var award in decision.Awards)          // one event per side, each applied to that member's account
        {
            accounts[award.MemberId] = program.Ledger.Process(accounts[award.MemberId], award, new MemberContext(award.MemberId)).Account;
        }
        #endregion
        Assert.Equal(ReferralStatus.Qualified, decision.Status);
        Assert.Equal(500, accounts["ana"].BalanceAt(bensFirstPurchase.OccurredAt).Available);
        Assert.Equal(250, accounts["ben"].BalanceAt(bensFirstPurchase.OccurredAt).Available);
    }

    [Fact]
    public void OffersAndBudgets()
    {
        #region readme offer
        var builder = new LoyaltyProgramBuilder("winter", "USD", DateTimeZoneProviders.Tzdb["America/New_York"]).AddEarnRate("base", 1m);
        builder.AddPolicy(new TargetedOffer
        {
            Id = "comeback", Description = "Winter comeback",
            When = new Condition { Segments = ["lapsed"] },
            StartsAt = Instant.FromUtc(2026, 12, 1, 5, 0), EndsAt = Instant.FromUtc(2027, 1, 1, 5, 0),
            Points = new Points(400), MinimumSpend = 10.00m, Limit = OfferLimit.Once,
            Budget = new CampaignBudget(new Points(500), AllowPartial: true),   // at most 500 points across all members
        });
        var program = builder.Build();
        #endregion
        #region readme budgets
        var account = MemberAccount.Open("ana");
        var member = new MemberContext("ana", segments: ["lapsed"]);
        var purchase = new PurchaseEvent(new Transaction("T-1", "ana", Instant.FromUtc(2026, 12, 5, 15, 0), "USD", "store",
            [new TransactionLine("COAT", "clothing", 1m, 120.00m)]));
        var left = new Dictionary<string, long> { ["comeback"] = 500 };   // stands for your budgets table
        var outcome = program.Ledger.ProcessWithBudgets(account, purchase, member, claim =>
        {
            var decided = claim.Decide(left[claim.OfferId]);    // SELECT points_left ... (same database transaction)
            left[claim.OfferId] -= decided.Granted.Value;        // UPDATE budgets SET points_left = points_left - @granted
            return decided;
        });
        #endregion
        Assert.Equal(520, outcome.Accrual!.Total.Value); // 120 earned + the offer's 400, granted in full
        Assert.Equal(100, left["comeback"]);
    }

    [Fact]
    public void RewardsAndVouchers()
    {
        #region readme rewards
        var program = new LoyaltyProgramBuilder("cafe", "USD", DateTimeZoneProviders.Tzdb["America/New_York"])
            .AddEarnRate("base", 1m)
            .WithLots(new LotPolicy { Expiry = ExpiryPolicy.FixedTerm(Period.FromMonths(12)) })
            .AddReward(new CatalogReward
            {
                Id = "free-drink", Name = "A free drink", Points = 150, Value = 5.00m, Product = "drink",
                Limit = new RewardLimit(2, CalendarPeriod.Month), ValidForDays = 30,   // twice a month; vouchers last 30 days
            })
            .WithReminders(new ReminderPolicy { DaysBefore = [30, 7] })
            .Build();
        var ana = new MemberContext("ana");
        var account = program.Ledger.Process(MemberAccount.Open("ana"), new PurchaseEvent(new Transaction("T-1", "ana",
            Instant.FromUtc(2026, 11, 2, 14, 0), "USD", "store", [new TransactionLine("BEANS", "coffee", 1m, 160.00m)])), ana).Account;
        var redeemed = program.Ledger.Process(account, new RewardRedemptionEvent("R-1", "ana", Instant.FromUtc(2026, 11, 3, 14, 0), "free-drink"), ana);
        var voucher = redeemed.Account.Vouchers[0];     // "R-1/voucher": issued, valid 2026-11-03 to 2026-12-02
        var used = program.Ledger.Process(redeemed.Account,
            new VoucherUseEvent("U-1", "ana", Instant.FromUtc(2026, 11, 4, 14, 0), voucher.Id, transactionId: "T-2"), ana);
        var due = program.Ledger.RemindersDue(used.Account, Instant.FromUtc(2027, 10, 1, 4, 0), Instant.FromUtc(2027, 11, 1, 4, 0));
        foreach (var reminder in due.Reminders)
        {
            Console.WriteLine($"{reminder.Id}: {reminder.Points} points expire at {reminder.ExpiresAt}");
        }

        account = due.Account;                          // remembers the reminders as sent: store it once they are
        #endregion
        Assert.Equal((LedgerStatus.Applied, 10L), (redeemed.Status, redeemed.Account.BalanceAt(Instant.FromUtc(2026, 11, 3, 14, 0)).Available.Value));
        Assert.Equal(new LocalDate(2026, 12, 2), voucher.ValidUntil);
        Assert.Equal(VoucherStatus.Used, used.Account.Vouchers[0].Status);
        Assert.Equal( // the 10 points left of 2 November 2026 expire at the start of 3 November 2027 in New York
            [("points@2027-11-03T04:00:00Z/30d", 10L, Instant.FromUtc(2027, 10, 4, 4, 0)), ("points@2027-11-03T04:00:00Z/7d", 10L, Instant.FromUtc(2027, 10, 27, 4, 0))],
            due.Reminders.Select(r => (r.Id, r.Points.Value, r.DueAt)));
        Assert.Empty(program.Ledger.RemindersDue(account, Instant.FromUtc(2027, 10, 1, 4, 0), Instant.FromUtc(2027, 11, 1, 4, 0)).Reminders);
    }

    [Fact]
    public void ChallengesStreaksStampCardsAndBadges()
    {
        #region readme games
        var program = new LoyaltyProgramBuilder("cafe", "USD", DateTimeZoneProviders.Tzdb["America/New_York"])
            .AddEarnRate("base", 1m)
            .AddBadge(new Badge { Id = "regular", Name = "Regular" })
            .AddChallenge(new Challenge
            {
                Id = "coffee-week", Name = "Coffee on 5 different days this week", Goal = ChallengeGoal.DistinctDays,
                Target = 5, Category = "coffee", Window = CalendarPeriod.Week, Reward = new GameReward { Points = 100, BadgeId = "regular" },
            })
            .AddStampCard(new StampCard { Id = "card", Name = "The 10th coffee is free", Every = 10, Category = "coffee", Reward = new GameReward { Points = 40 } })
            .AddStreak(new Streak
            {
                Id = "weeks", Name = "Weeks in a row", Period = StreakPeriod.Week, FreezesPerMonth = 1,
                Rewards = [new StreakReward(3, new GameReward { Points = 30 }), new StreakReward(8, new GameReward { Points = 150 })],
            })
            .Build();
        var ana = new MemberContext("ana");
        var account = MemberAccount.Open("ana");
        for (int day = 0; day < 3; day++)                     // Monday 30 November to Wednesday 2 December 2026
        {
            var sale = new Transaction($"T-{day}", "ana", Instant.FromUtc(2026, 11, 30, 14, 0).Plus(Duration.FromDays(day)), "USD", "store",
                [new TransactionLine("LATTE", "coffee", 4m, 4.00m)]);  // 4 coffees a day: the 10th stamps the card
            account = program.Ledger.Process(account, new PurchaseEvent(sale), ana).Account;
        }

        foreach (var progress in program.Ledger.ProgressOf(account, ana, Instant.FromUtc(2026, 12, 2, 20, 0)))
        {
            Console.WriteLine($"{progress.Name}: {progress.Text}");   // Coffee on 5 different days this week: 2 more days by Sunday 2026-12-06
        }
        #endregion
        Assert.Equal(
            ["Coffee on 5 different days this week: 2 more days by Sunday 2026-12-06", "The 10th coffee is free: 2 of 10 stamped: 8 more items for the next reward", "Weeks in a row: 1 week in a row: 2 weeks more for the next reward; keep it by Sunday 2026-12-13"],
            program.Ledger.ProgressOf(account, ana, Instant.FromUtc(2026, 12, 2, 20, 0)).Select(p => $"{p.Name}: {p.Text}"));
        Assert.Equal(4 * 3 * 4 + 40, account.BalanceAt(Instant.FromUtc(2026, 12, 2, 20, 0)).Available.Value);
    }

    [Fact]
    public void TransfersHouseholdsAndMerges()
    {
        #region readme transfers
        var program = new LoyaltyProgramBuilder("cafe", "USD", DateTimeZoneProviders.Tzdb["America/New_York"])
            .AddEarnRate("base", 1m)
            .WithTransfers(new TransferPolicy { FeeRate = 0.10m, MaximumPerPeriod = 2_000 })    // 10% on top; 2,000 a month
            .WithHouseholds(new HouseholdPolicy { ContributionShare = 0.5m })                  // half of what members earn
            .Build();
        var ledger = program.Ledger.WithReceiptKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)); // the host's secret
        var at = Instant.FromUtc(2026, 11, 2, 14, 0);
        var ana = ledger.Process(MemberAccount.Open("ana"), new PurchaseEvent(new Transaction("T-1", "ana", at, "USD", "store",
            [new TransactionLine("BEANS", "coffee", 1m, 600.00m)])), new MemberContext("ana")).Account;

        var sent = ledger.Process(ana, new TransferOutEvent("X-1", "ana", "ben", at, 500), new MemberContext("ana")); // ana: 600 - 550
        string receipt = sent.Transfer!.ToJson();               // kept with ana's new account, sent to ben's side
        var received = ledger.Process(MemberAccount.Open("ben"), new TransferInEvent(TransferReceipt.FromJson(receipt)), new MemberContext("ben"));
        if (received.Status == LedgerStatus.Declined)           // ben's account cannot take them: ana gets them back
        {
            ana = ledger.Process(sent.Account, new TransferReversalEvent(received.Transfer!), new MemberContext("ana")).Account;
        }

        var family = new MemberContext("family-7");             // a household's pool is the account of its id
        var pool = ledger.Process(MemberAccount.Open("family-7"),
            new HouseholdMembershipEvent("J-1", "family-7", "ben", at, HouseholdChange.Join, HouseholdSide.Pool), family).Account;
        var ben = ledger.Process(received.Account,
            new HouseholdMembershipEvent("J-1", "family-7", "ben", at, HouseholdChange.Join, HouseholdSide.Member), new MemberContext("ben")).Account;
        var bought = ledger.Process(ben, new PurchaseEvent(new Transaction("T-2", "ben", at, "USD", "store",
            [new TransactionLine("MUG", "gifts", 1m, 40.00m)])), new MemberContext("ben"));   // 40 points: 20 go to the pool
        pool = ledger.Process(pool, new TransferInEvent(bought.Transfer!), family).Account;
        var spent = ledger.Process(pool, new RedemptionEvent("R-1", "family-7", at, 20, redeemedBy: "ben"), family);
        #endregion
        Assert.Equal((LedgerStatus.Applied, 50L), (sent.Status, sent.Account.BalanceAt(at).Available.Value));
        Assert.Equal((LedgerStatus.Applied, 500L), (received.Status, received.Account.BalanceAt(at).Available.Value));
        Assert.Equal((20L, 520L), (pool.BalanceAt(at).Available.Value, bought.Account.BalanceAt(at).Available.Value));
        Assert.Equal((LedgerStatus.Applied, 0L), (spent.Status, spent.Account.BalanceAt(at).Available.Value));
        Assert.Equal(LedgerStatus.Rejected, program.Ledger.Process(MemberAccount.Open("ben"), new TransferInEvent(sent.Transfer), new MemberContext("ben")).Status); // not under the key
    }

    [Fact]
    public void ReplayAndWhatIf()
    {
        #region readme replay
        string programs = Path.Combine(AppContext.BaseDirectory, "programs");
        var current = LoyaltyProgram.FromJson(File.ReadAllBytes(Path.Combine(programs, "p1-coffee.json")));
        var candidate = LoyaltyProgram.FromJson(File.ReadAllBytes(Path.Combine(programs, "p1-coffee-candidate.json"))); // double Mondays, Gold from $800
        var history = LoyaltyHistory.Generate(current, members: 300, from: new LocalDate(2026, 1, 1)); // or new HistoryCsv(reader, "USD")

        var report = Replay.Run(current, history.Events(), history.MemberOf);
        Money owed = report.Liability.Liability;                     // outstanding points at the conversion rate, at the end
        decimal breakage = report.Liability.BreakageRate;            // expired / issued
        var byMonth = report.Months.Select(m => (m.Month, m.Issued, m.Breakage, m.Liability));
        var gold = report.ByTier.Single(t => t.Group == "Gold");     // members, orders, average order value, lapsed

        var diff = Replay.Compare(current, candidate, history.Events(), history.MemberOf);   // one pass, both programs
        decimal cost = diff.Figures.Single(f => f.Name == "liability").Difference;
        var why = diff.Members.Select(m => $"{m.MemberId}: {m.Reason}");  // "tier Silver -> Gold; double-monday +120; ..."

        var live = LiabilityReport.Of(current, report.Accounts.Values, report.Until);        // the same figures from live accounts
        #endregion
        Assert.Equal(report.Liability, live);
        Assert.True(owed.Amount > 0 && breakage > 0 && byMonth.Count() == 12 && gold.Members > 0);
        Assert.True(diff.TierChanges > 0 && cost != 0 && why.Any());
    }

    [Fact]
    public void ProgramsAsJson()
    {
        #region readme json
        string path = Path.Combine(AppContext.BaseDirectory, "programs", "p1-coffee.json");   // samples/programs, copied beside the app
        var program = LoyaltyProgram.FromJson(File.ReadAllBytes(path));
        string json = program.ToJson();                 // canonical: loading it and writing again gives the same bytes
        #endregion
        Assert.Equal(json, LoyaltyProgram.FromJson(json).ToJson());
    }

    [Fact]
    public async Task DependencyInjection()
    {
        #region readme dependency injection
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddLoyaltyRules(rules => rules
            .AddProgram("coffee", CoffeeProgram.Build)                               // from code
            .AddProgramFromJsonFile("salad", "programs/salad-spend-35-get-5.json")   // from JSON, relative to the content root
            .AddProgramsFromConfiguration(builder.Configuration));                   // and each of Loyalty:Programs
        using var host = builder.Build();
        await host.StartAsync();                        // an invalid program stops the start here, with every problem listed
        var coffee = host.Services.GetRequiredKeyedService<AccrualEvaluator>("coffee");   // in a handler: [FromKeyedServices("coffee")]
        #endregion
        await host.StopAsync();
        Assert.Same(host.Services.GetRequiredService<AccrualEvaluator>(), coffee);
        Assert.Equal("greens", host.Services.GetRequiredKeyedService<LoyaltyProgram>("salad").Id);
        Assert.Equal(["coffee", "salad"], host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<LoyaltyRulesOptions>>().Value.Names);
    }

    [Fact]
    public void TestKit()
    {
        var (program, _) = QuickStartProgram();
        #region readme test kit
        var clock = LoyaltyClock.At(program, new LocalDateTime(2026, 3, 10, 23, 30));   // a FakeClock in the program's zone
        var purchase = new TransactionBuilder("T-9").By("ana").At(clock.GetCurrentInstant()).Line("LATTE", "coffee", 2m, 4.95m).Build();
        var result = program.Evaluator.Evaluate(purchase, new MemberBuilder("ana").InTier("Gold").Build());
        AccrualAssert.HasTotal(result, 59);             // a failure prints the whole itemized accrual

        var budgets = new LoyaltyBudgets(program);      // campaign budgets in memory, with the host's claim loop
        var outcome = budgets.Process(MemberAccount.Open("ana"), new PurchaseEvent(purchase), new MemberContext("ana"));
        #endregion
        Assert.Equal(LedgerStatus.Applied, outcome.Status);
    }

    #region readme property
    [Property(Arbitrary = [typeof(LoyaltyGenerators)])]   // FsCheck: valid programs, transactions and members
    public bool NeverNegative(LoyaltyScenario s) => s.Program.Evaluator.EvaluateTotal(s.Transaction, s.Member).Points.Value >= 0;
    #endregion

    [Fact]
    public void CorePackage()
    {
        #region readme package
        var program = new LoyaltyProgramBuilder("coffee", "USD", DateTimeZoneProviders.Tzdb["America/New_York"])
            .WithTiers("Green", "Silver", "Gold")
            .AddEarnRate("base-rate", 2m)
            .AddTierAccelerator("tier-accelerator", ("Silver", 1.2m), ("Gold", 1.5m))
            .Build();

        var purchase = new Transaction("T-1", "ana", Instant.FromUtc(2026, 3, 11, 3, 30), "USD", "store",
            [new TransactionLine("LATTE", "coffee", quantity: 2m, unitPrice: 4.95m)]);
        var result = program.Evaluator.Evaluate(purchase, new MemberContext("ana", tierId: "Gold"));
        Console.WriteLine(result.Total);   // 29 points: 9.90 x 2 = 19.80, x1.5 Gold, floored

        var outcome = program.Ledger.Process(MemberAccount.Open("ana"), new PurchaseEvent(purchase), new MemberContext("ana"));
        string stored = outcome.Account.ToJson();   // store it with outcome.Entries, in one transaction
        #endregion
        Assert.Equal(29, result.Total.Value);
        Assert.Equal(outcome.Account, MemberAccount.FromJson(stored));
    }
}
