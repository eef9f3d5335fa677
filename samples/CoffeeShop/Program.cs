using System;
using System.Linq;
using Loyalty.Rules;
using Loyalty.Rules.Samples;
using NodaTime;

if (args.Length > 0)
{
    // Any program file: load it (every problem is listed if it is invalid) and explain one basket under it.
    LoyaltyProgram loaded;
    try
    {
        loaded = LoyaltyProgram.FromJson(System.IO.File.ReadAllBytes(args[0]));
    }
    catch (ProgramDefinitionException e)
    {
        Console.Error.WriteLine($"{args[0]}: {e.Message}");
        return 1;
    }

    var when = new LocalDateTime(2026, 3, 10, 12, 30).InZoneLeniently(loaded.TimeZone).ToInstant();
    var basket = new Transaction("T-1", "sam", when, loaded.Currency, "app",
        [new TransactionLine("ITEM-1", "coffee", 2m, 12.50m), new TransactionLine("ITEM-2", "merch", 1m, 20.00m)]);
    var tierId = loaded.Tiers.IsEmpty ? null : loaded.Tiers[^1];
    Console.WriteLine($"Program {loaded} from {args[0]}: {loaded.Earn.Length} earn rules, tiers [{string.Join(", ", loaded.Tiers)}], "
        + $"{loaded.Fraud.Checks.Length} fraud checks{(loaded.ReferralPolicy is null ? "" : ", referrals")}");
    Console.WriteLine($"A basket of 45.00 {loaded.Currency} on Tuesday 10 March 2026 in the app{(tierId is null ? "" : $", tier {tierId}")}:");
    Console.WriteLine(loaded.Evaluator.Evaluate(basket, new MemberContext("sam", tierId, isFirstPurchase: true)));
    return 0;
}

// Reference program P1 on a handful of purchases, each explained the way a customer-service agent reads it.
var program = CoffeeProgram.Build();
var evaluator = program.Evaluator;
var newYork = program.TimeZone;
Instant At(int month, int day, int hour, int minute) => new LocalDateTime(2026, month, day, hour, minute).InZoneStrictly(newYork).ToInstant();

var purchases = new (string Story, Transaction Purchase, MemberContext Member)[]
{
    ("Green member, Monday morning latte in store",
        new Transaction("T-1001", "ana", At(3, 9, 8, 15), "USD", "store", [new TransactionLine("LATTE-M", "coffee", 1m, 4.95m)]),
        new MemberContext("ana", "Green")),
    ("Gold member, Tuesday in the app: double points, gift card earns nothing",
        new Transaction("T-1002", "ben", At(3, 10, 12, 30), "USD", "app",
        [
            new TransactionLine("LATTE-L", "coffee", 3m, 4.15m),
            new TransactionLine("MUG-01", "merch", 1m, 8.00m),
            new TransactionLine("GIFT-25", "gift-card", 1m, 25.00m),
        ]),
        new MemberContext("ben", "Gold")),
    ("Silver member, Tuesday 23:30 in New York (already Wednesday in UTC): still double",
        new Transaction("T-1003", "cy", At(3, 10, 23, 30), "USD", "web", [new TransactionLine("BEANS-1KG", "coffee", 1m, 17.50m)]),
        new MemberContext("cy", "Silver")),
    ("Green member spends exactly 35.00 on food and coffee: +50 threshold bonus",
        new Transaction("T-1004", "dee", At(3, 12, 9, 0), "USD", "store",
        [
            new TransactionLine("SANDWICH", "food", 2m, 9.50m),
            new TransactionLine("COLD-BREW", "coffee", 4m, 4.00m),
        ]),
        new MemberContext("dee", "Green")),
    ("Gold member buys an espresso machine on a Tuesday: capped at 2,000",
        new Transaction("T-1005", "eve", At(3, 17, 16, 45), "USD", "store", [new TransactionLine("ESPRESSO-PRO", "merch", 1m, 649.00m, 49.00m)]),
        new MemberContext("eve", "Gold")),
};

Console.WriteLine($"Program {program}");
Console.WriteLine();
foreach (var (story, purchase, member) in purchases)
{
    var local = purchase.OccurredAt.InZone(newYork);
    Console.WriteLine($"{story}");
    Console.WriteLine($"  {local:uuuu-MM-dd HH:mm} {local.DayOfWeek} (New York), tier {member.TierId}, channel {purchase.Channel}");
    Console.WriteLine(evaluator.Evaluate(purchase, member));
    Console.WriteLine();
}

// One member's account over two months: earning, the returns window, a redemption, a refund, what expires next.
Console.WriteLine("Ana's account");
var ledger = program.Ledger;
var ana = new MemberContext("ana", enrolledOn: new LocalDate(2025, 11, 2)); // no tier named: the account keeps it
var account = MemberAccount.Open("ana");
var latte = new Transaction("T-2001", "ana", At(3, 2, 8, 0), "USD", "app", [new TransactionLine("LATTE-L", "coffee", 2m, 5.25m)]);
var beans = new Transaction("T-2002", "ana", At(3, 5, 17, 30), "USD", "store",
[
    new TransactionLine("BEANS-1KG", "coffee", 2m, 17.50m),
    new TransactionLine("GRINDER", "merch", 1m, 39.00m),
]);
var events = new (string Story, LedgerEvent Event)[]
{
    ("buys a Silver membership until June", new PaidTierEvent("PAY-1", "ana", At(3, 1, 9, 0), "Silver", At(6, 1, 0, 0))),
    ("buys two lattes in the app", new PurchaseEvent(latte)),
    ("buys beans and a grinder", new PurchaseEvent(beans)),
    ("the same order arrives again (a retry)", new PurchaseEvent(beans)),
    ("returns the grinder", new RefundEvent("RF-2002", At(3, 9, 10, 0), beans, [new ReturnedLine(1, 1m)])),
    ("redeems 100 points after the returns window", new RedemptionEvent("R-1", "ana", At(3, 25, 9, 0), 100)),
};
foreach (var (story, ledgerEvent) in events)
{
    var outcome = ledger.Process(account, ledgerEvent, ana);
    account = outcome.Account;
    Console.WriteLine($"  {ledgerEvent.At.InZone(newYork):uuuu-MM-dd HH:mm} {story}: {outcome.Status}{(outcome.Reason is null ? "" : $" ({outcome.Reason})")}");
    if (outcome.TierChange is { } change)
    {
        Console.WriteLine($"      tier {change.FromTierId} -> {change.ToTierId} ({change.Reason}: {outcome.Tier!.Reason})");
    }

    foreach (var entry in outcome.Entries)
    {
        Console.WriteLine($"      {entry.Kind,-16} {entry.Points,6}  {entry.Reason}");
    }

    if (outcome.Value is { } value)
    {
        Console.WriteLine($"      worth {value}");
    }
}

var now = At(3, 25, 9, 5);
var balance = account.BalanceAt(now);
Console.WriteLine($"  Balance on {now.InZone(newYork):uuuu-MM-dd}: {balance.Available} available, {balance.Pending} pending");
foreach (var expiring in ledger.ExpiringBy(account, now.Plus(Duration.FromDays(400))))
{
    Console.WriteLine($"  {expiring.Points} points expire on {expiring.At.InZone(newYork):uuuu-MM-dd HH:mm}");
}

// Ana's tier, as her account keeps it (a refund takes its spend back), and what Gold still needs.
var tier = ledger.TierOf(account, now)!;
Console.WriteLine($"  Tier {tier.TierId} ({tier.Reason}); perks: {(tier.Benefits.Perks.Count == 0 ? "none" : string.Join(", ", tier.Benefits.Perks))}");
foreach (var (metric, missing) in tier.Progress.Missing)
{
    Console.WriteLine($"  {tier.Progress.NextTierId}: {metric} {missing:0.00} more by {tier.Progress.WindowEnds:uuuu-MM-dd}");
}

// A double-sided referral: Ana refers Ben; Ben's first purchase qualifies it; each side is paid in its own account.
Console.WriteLine();
Console.WriteLine("Ana refers Ben");
var referral = new Referral("REF-77", "ana", "ben", At(3, 12, 18, 0))
{
    ReferrerFingerprints = [new(FingerprintKind.Email, "sha256:9b1c"), new(FingerprintKind.IpAddress, "sha256:51aa")],
    RefereeFingerprints = [new(FingerprintKind.Email, "sha256:77e0"), new(FingerprintKind.IpAddress, "sha256:03fd")],
};
Console.WriteLine($"  {program.Referrals.Decide(referral, At(3, 13, 9, 0))}");
var bensAccount = MemberAccount.Open("ben");
var firstPurchase = new Transaction("T-3001", "ben", At(3, 14, 8, 40), "USD", "store", [new TransactionLine("FLAT-WHITE", "coffee", 2m, 5.10m)]);
var decision = program.Referrals.Decide(referral, firstPurchase, isFirstPurchase: !bensAccount.HasPurchased);
bensAccount = ledger.Process(bensAccount, new PurchaseEvent(firstPurchase), new MemberContext("ben")).Account;
Console.WriteLine($"  {decision}");
foreach (var side in decision.Sides)
{
    var award = side.Award!;
    var paid = award.Side == ReferralSide.Referrer
        ? ledger.Process(account, award, ana)
        : ledger.Process(bensAccount, award, new MemberContext("ben"));
    if (award.Side == ReferralSide.Referrer)
    {
        account = paid.Account;
    }
    else
    {
        bensAccount = paid.Account;
    }

    Console.WriteLine($"  {side.Side} {side.MemberId} ({side.Reward}): {paid.Status}");
    foreach (var entry in paid.Entries)
    {
        Console.WriteLine($"      {entry.Kind,-16} {entry.Points,6}  {entry.Reason}");
    }
}

// A held transaction: a purchase worth more than 1,500 points waits for review; a reviewer releases it.
Console.WriteLine();
Console.WriteLine("Cy's catering order");
var cy = new MemberContext("cy", "Gold");
var cysAccount = MemberAccount.Open("cy");
var catering = new Transaction("T-4001", "cy", At(3, 20, 11, 0), "USD", "web", [new TransactionLine("BEANS-5KG", "coffee", 8m, 72.00m)]);
var held = ledger.Process(cysAccount, new PurchaseEvent(catering), cy);
Console.WriteLine($"  {held.Status}: {held.Reason}");
string Describe(AccountBalance b) => $"{b.Available} available, {b.Pending} pending, {b.Held} held";
Console.WriteLine($"  balance {Describe(held.Account.BalanceAt(At(3, 20, 11, 1)))}, review by {held.Account.Lots[0].ReviewBy?.InZone(newYork):uuuu-MM-dd HH:mm}");
var release = new HoldReviewEvent("REV-4001", "cy", At(3, 21, 9, 30), "T-4001", HoldResolution.Release, "catering order confirmed by the store");
var released = ledger.Process(held.Account, release, cy);
Console.WriteLine($"  {released.Status}: {string.Join("; ", released.Entries.Select(e => $"{e.Kind} {e.Points}"))}");
Console.WriteLine($"  balance {Describe(released.Account.BalanceAt(At(3, 21, 9, 31)))} (pending until the returns window ends)");

// Winter offers (samples/programs/winter-offers.json): a comeback offer for lapsed members paid from a budget of 500
// points, kept here as the host keeps it; the claim of each purchase is decided against what is left.
Console.WriteLine();
var winter = LoyaltyProgram.FromJson(System.IO.File.ReadAllBytes(System.IO.Path.Combine(AppContext.BaseDirectory, "programs", "winter-offers.json")));
long left = winter.BudgetedOffers.Single().Budget!.Points.Value;
Console.WriteLine($"Winter comeback: 400 points for lapsed members, budget {left}");
foreach (var name in new[] { "dee", "eli", "fay" })
{
    var lapsed = new MemberContext(name, segments: ["lapsed"]);
    var comebackPurchase = new PurchaseEvent(new Transaction($"W-{name}", name, Instant.FromUtc(2026, 12, 5, 15, 0), "USD", "store", [new TransactionLine("BEANS", "coffee", 1m, 12.00m)]));
    var winterOutcome = winter.Ledger.ProcessWithBudgets(MemberAccount.Open(name), comebackPurchase, lapsed, claim =>
    {
        var decided = claim.Decide(left); // in a real host: in the same database transaction as the account
        left -= decided.Granted.Value;
        return decided;
    });

    var offerItem = winterOutcome.Accrual!.Items.Last();
    Console.WriteLine($"  {name}: {winterOutcome.Accrual.Total} points ({offerItem.RuleId}: {offerItem.Reason}); budget left {left}");
}

// The cafe's reward catalog (samples/programs/cafe-rewards.json): Gus spends points on a free drink, gets a voucher,
// uses it on his next order (the discount it pays earns nothing), is reminded before his points expire; two members
// race for the last pastry in stock.
Console.WriteLine();
var cafe = LoyaltyProgram.FromJson(System.IO.File.ReadAllBytes(System.IO.Path.Combine(AppContext.BaseDirectory, "programs", "cafe-rewards.json")));
Instant Cafe(int month, int day, int hour) => new LocalDateTime(2026, month, day, hour, 0).InZoneLeniently(cafe.TimeZone).ToInstant();
Console.WriteLine($"Cafe catalog: {string.Join(", ", cafe.Rewards.Select(r => $"{r.Name} for {r.Points} points"))}");
var gus = new MemberContext("gus");
var gusAccount = cafe.Ledger.Process(MemberAccount.Open("gus"), new PurchaseEvent(new Transaction("C-1", "gus", Cafe(11, 2, 9), "USD", "store", [new TransactionLine("BEANS", "coffee", 1m, 160.00m)])), gus).Account;
var drink = cafe.Ledger.Process(gusAccount, new RewardRedemptionEvent("CR-1", "gus", Cafe(11, 3, 9), "free-drink"), gus);
gusAccount = drink.Account;
Console.WriteLine($"  gus redeems a free drink: {drink.Status}");
foreach (var entry in drink.Entries)
{
    Console.WriteLine($"      {entry.Kind,-16} {entry.Points,6}  {entry.Reason}");
}

var withVoucher = new Transaction("C-2", "gus", Cafe(11, 4, 9), "USD", "store", [new TransactionLine("LATTE", "coffee", 1m, 5.00m), new TransactionLine("SCONE", "food", 1m, 3.00m)], orderDiscount: 5.00m);
var order = cafe.Ledger.Process(gusAccount, new PurchaseEvent(withVoucher), gus);
var use = cafe.Ledger.Process(order.Account, new VoucherUseEvent("CU-1", "gus", Cafe(11, 4, 9), "CR-1/voucher", "C-2"), gus);
gusAccount = use.Account;
Console.WriteLine($"  the voucher pays 5.00 of an 8.00 order: {order.Accrual!.Total} points earned; voucher {gusAccount.Vouchers[0].Status} by {gusAccount.Vouchers[0].UsedBy}");
Console.WriteLine($"  used again: {cafe.Ledger.Process(gusAccount, new VoucherUseEvent("CU-2", "gus", Cafe(11, 5, 9), "CR-1/voucher", "C-3"), gus).Reason}");
var reminders = cafe.Ledger.RemindersDue(gusAccount, Cafe(10, 1, 0), Cafe(12, 31, 0).Plus(Duration.FromDays(365)));
foreach (var reminder in reminders.Reminders)
{
    Console.WriteLine($"  remind on {reminder.DueAt.InZone(cafe.TimeZone):uuuu-MM-dd}: {reminder.Points} points expire on {reminder.ExpiresAt.InZone(cafe.TimeZone):uuuu-MM-dd} ({reminder.Id})");
}

Console.WriteLine($"  asked again: {cafe.Ledger.RemindersDue(reminders.Account, Cafe(10, 1, 0), Cafe(12, 31, 0).Plus(Duration.FromDays(365))).Reminders.Length} reminders (each is sent once)");
long pastries = 1; // the host's stock, kept with its budgets
foreach (var name in new[] { "hal", "ivy" })
{
    var who = new MemberContext(name);
    var funded = cafe.Ledger.Process(MemberAccount.Open(name), new PurchaseEvent(new Transaction($"C-{name}", name, Cafe(11, 6, 9), "USD", "store", [new TransactionLine("BEANS", "coffee", 1m, 120.00m)])), who).Account;
    var pastry = cafe.Ledger.ProcessWithBudgets(funded, new RewardRedemptionEvent($"CR-{name}", name, Cafe(11, 6, 10), "free-pastry"), who, claim =>
    {
        var decided = claim.Decide(pastries);
        pastries -= decided.Granted.Value;
        return decided;
    });
    Console.WriteLine($"  {name} asks for the last pastry: {pastry.Status}{(pastry.Reason is null ? $", voucher {pastry.Account.Vouchers[0].Id} valid until {pastry.Account.Vouchers[0].ValidUntil:uuuu-MM-dd}" : $" ({pastry.Reason})")}");
}

// The cafe's games (samples/programs/cafe-games.json): Jo drinks coffee on five days of one week, fills a stamp card,
// keeps a streak of weeks, earns a badge; a refund of one day takes the week's challenge back.
Console.WriteLine();
var games = LoyaltyProgram.FromJson(System.IO.File.ReadAllBytes(System.IO.Path.Combine(AppContext.BaseDirectory, "programs", "cafe-games.json")));
var jo = new MemberContext("jo");
var joAccount = MemberAccount.Open("jo");
Transaction? monday = null;
foreach (int day in new[] { 30, 1, 2, 3, 4 }) // Monday 30 November to Friday 4 December 2026
{
    var at = new LocalDateTime(2026, day == 30 ? 11 : 12, day, 8, 30).InZoneLeniently(games.TimeZone).ToInstant();
    var sale = new Transaction($"G-{day}", "jo", at, "USD", "store", [new TransactionLine("LATTE", "drink", 2m, 4.50m)]);
    monday ??= sale;
    var outcome = games.Ledger.Process(joAccount, new PurchaseEvent(sale), jo);
    joAccount = outcome.Account;
    foreach (var entry in outcome.Entries.Where(e => e.LotId is not { } lot || !lot.EndsWith("/accrual", StringComparison.Ordinal)))
    {
        Console.WriteLine($"  {at.InZone(games.TimeZone):ddd dd MMM}: {entry.Kind,-12} {entry.Points,5}  {entry.Reason}");
    }
}

foreach (var progress in games.Ledger.ProgressOf(joAccount, jo, new LocalDateTime(2026, 12, 4, 18, 0).InZoneLeniently(games.TimeZone).ToInstant()))
{
    Console.WriteLine($"  {progress.Name}: {progress.Text}");
}

var refunded = games.Ledger.Process(joAccount, new RefundEvent("GR-1", new LocalDateTime(2026, 12, 5, 9, 0).InZoneLeniently(games.TimeZone).ToInstant(), monday!, [new ReturnedLine(0, 2m)]), jo);
Console.WriteLine($"  Monday refunded: {string.Join("; ", refunded.Entries.Where(e => e.LotId != "G-30/accrual").Select(e => $"{e.Kind} {e.Points}"))}; badges {string.Join(", ", refunded.Account.Badges.Select(b => b.Id))}");

// The Lee family (samples/programs/cafe-family.json): Mia and Leo pool half of what they earn in the family's account,
// Mia gives Leo points within the household (a 10% fee on top), Leo redeems from the pool, and his old account merges
// into his new one. Each step that moves points is two events, one per account; the outcomes hand on the second.
Console.WriteLine();
Console.WriteLine("The Lee family");
var familyProgram = LoyaltyProgram.FromJson(System.IO.File.ReadAllBytes(System.IO.Path.Combine(AppContext.BaseDirectory, "programs", "cafe-family.json")));
var familyLedger = familyProgram.Ledger.WithReceiptKey(System.Security.Cryptography.SHA256.HashData("the sample's key; a host reads its own from its secret store"u8));
var lees = new System.Collections.Generic.Dictionary<string, MemberAccount>(StringComparer.Ordinal);
LedgerOutcome Apply(LedgerEvent e)
{
    string id = lees.TryGetValue(e.MemberId, out var stored) && stored.MergedInto is { } into ? into : e.MemberId; // a merged account's events go on
    var outcome = familyLedger.Process(lees.TryGetValue(id, out var current) ? current : MemberAccount.Open(id), e, new MemberContext(id));
    lees[id] = outcome.Account;
    Console.WriteLine($"  {e.Id,-24} {id,-10} {outcome.Status,-8} {string.Join(", ", outcome.Entries.Select(x => $"{x.Kind} {x.Points}"))}{(outcome.Reason is null ? "" : $" ({outcome.Reason})")}");
    if (outcome.Transfer is { } receipt)
    {
        Apply(receipt.Stage == TransferStage.Sent ? new TransferInEvent(receipt) : new TransferReversalEvent(receipt));
    }

    if (outcome.Merge is { } closing)
    {
        Apply(new AccountMergeEvent(closing));
    }

    return outcome;
}

Instant Day(int month, int day) => new LocalDateTime(2026, month, day, 10, 0).InZoneLeniently(familyProgram.TimeZone).ToInstant();
Transaction Order(string id, string member, Instant at, decimal amount) => new(id, member, at, "USD", "store", [new TransactionLine("BEANS", "coffee", 1m, amount)]);
Apply(new PurchaseEvent(Order("L-1", "leo-old", Day(6, 1), 180m)));
foreach (var member in new[] { "mia", "leo" })
{
    Apply(new HouseholdMembershipEvent($"join-{member}", "lee-family", member, Day(12, 1), HouseholdChange.Join, HouseholdSide.Pool));
    Apply(new HouseholdMembershipEvent($"join-{member}", "lee-family", member, Day(12, 1), HouseholdChange.Join, HouseholdSide.Member));
}

Apply(new PurchaseEvent(Order("L-2", "mia", Day(12, 2), 500m)));
Apply(new PurchaseEvent(Order("L-3", "leo", Day(12, 3), 60m)));
Apply(new TransferOutEvent("gift-1", "mia", "leo", Day(12, 4), 200, householdId: "lee-family"));
Apply(new RedemptionEvent("L-R1", "lee-family", Day(12, 5), 250, redeemedBy: "leo"));
Apply(new AccountClosureEvent("merge-1", "leo-old", "leo", Day(12, 6)));
Apply(new PurchaseEvent(Order("L-1", "leo-old", Day(6, 1), 180m))); // the old order again, re-delivered: now in Leo's account
foreach (var (lee, leeAccount) in lees.OrderBy(l => l.Key, StringComparer.Ordinal))
{
    Console.WriteLine($"  {lee,-10} {leeAccount.BalanceAt(Day(12, 7)).Available.Value,5} points{(leeAccount.MergedInto is { } into ? $" (merged into {into})" : "")}");
}

return 0;
