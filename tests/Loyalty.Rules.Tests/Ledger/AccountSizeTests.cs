using System.Linq;
using System.Text;
using Loyalty.Rules.Samples;
using NodaTime;
using Xunit;

namespace Loyalty.Rules.Tests.Ledger;

/// <summary>The account stays bounded: it grows with what must be kept (live lots, the windows), not with history.</summary>
public sealed class AccountSizeTests
{
    private static readonly Instant YearStart = Instant.FromUtc(2026, 1, 1, 14, 0);

    /// <summary>
    /// A member of P1 with 1,000 purchases in a year (one every 8.76 hours, store and app, a redemption after every
    /// tenth, expiry at every month end), processed one by one as a host does.
    /// </summary>
    private static MemberAccount Year(LoyaltyProgram program, int purchases = 1_000)
    {
        var member = new MemberContext("M1");
        var account = MemberAccount.Open("M1");
        var zone = program.TimeZone;
        int month = 1;
        for (int i = 0; i < purchases; i++)
        {
            var at = YearStart.Plus(Duration.FromMinutes(i * 525.6));
            var monthEnd = new LocalDate(2026, 1, 1).PlusMonths(month).AtStartOfDayInZone(zone).ToInstant();
            if (at >= monthEnd)
            {
                account = program.Ledger.Expire(account, monthEnd).Account;
                month++;
            }

            var lines = new[] { new TransactionLine($"SKU-{i % 40}", i % 3 == 0 ? "food" : "coffee", 1 + (i % 2), 3.25m + (i % 7)) };
            var sale = new Transaction($"M1-T{i:D4}", "M1", at, "USD", i % 4 == 0 ? "app" : "store", lines);
            account = program.Ledger.Process(account, new PurchaseEvent(sale), member).Account;
            if (i % 10 == 9 && account.BalanceAt(at).Available.Value >= 100)
            {
                long points = System.Math.Min(account.BalanceAt(at).Available.Value, 500) / 100 * 100;
                account = program.Ledger.Process(account, new RedemptionEvent($"M1-R{i:D4}", "M1", at.Plus(Duration.FromMinutes(1)), points), member).Account;
            }
        }

        return account;
    }

    /// <summary>
    /// The account of a member with 1,000 purchases a year is as large after the second year as after the first: it
    /// grows with the windows (refunds, retention) and the live lots, never with the member's history. Figures in
    /// benchmarks/README.md.
    /// </summary>
    [Theory]
    [InlineData("P365D")] // P1 as shipped: a year of refunds
    [InlineData("P30D")] // a 30-day returns window
    public void AYearOfPurchases_DoesNotGrowTheAccountWithHistory(string refundWindow)
    {
        var program = LoyaltyProgram.FromJson(CoffeeProgram.Build().ToJson().Replace("\"P365D\"", $"\"{refundWindow}\"", System.StringComparison.Ordinal));
        var (oneYear, twoYears) = (Year(program, 1_000), Year(program, 2_000));
        int first = Encoding.UTF8.GetByteCount(oneYear.ToJson()), second = Encoding.UTF8.GetByteCount(twoYears.ToJson());
        if (System.Environment.GetEnvironmentVariable("LOYALTY_SIZES") is { } dump)
        {
            System.IO.File.AppendAllText(dump, $"{refundWindow}: {first} B after a year ({oneYear.Lots.Length} lots, {oneYear.Purchases.Length} purchases, {oneYear.AppliedEvents.Length} ids, {oneYear.Redemptions.Length} redemptions), {second} B after two{System.Environment.NewLine}");
        }

        Assert.True(second <= first * 1.1, $"{first} B after a year, {second} B after two");
        Assert.True(first <= 64 * 1024 && second <= 64 * 1024, $"{first} B after a year, {second} B after two: at most 64 KiB"); // issue 17's target
        Assert.True(twoYears.Purchases.Length <= 1_010 && // the window runs from the start of its first local day
             twoYears.AppliedEvents.Length <= 400, $"{twoYears.Purchases.Length} purchases, {twoYears.AppliedEvents.Length} event ids kept");
    }
}
