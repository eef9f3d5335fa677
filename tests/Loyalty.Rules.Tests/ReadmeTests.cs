using System.Collections.Generic;
using NodaTime;
using Xunit;

namespace Loyalty.Rules.Tests;

/// <summary>The README's quick start, as written there, gives what the README says.</summary>
public class ReadmeTests
{
    [Fact]
    public void QuickStart_GivesTheFiftyNinePointsTheReadmeShows()
    {
        var program = new LoyaltyProgramBuilder("coffee", "USD", DateTimeZoneProviders.Tzdb["America/New_York"])
            .WithTiers("Green", "Silver", "Gold")
            .WithEarningBase(new EarningBase { ExcludedCategories = ["gift-card"] })
            .AddEarnRate("base-rate", 2m, new Dictionary<string, decimal> { ["merch"] = 3m })
            .AddTierAccelerator("tier-accelerator", ("Silver", 1.2m), ("Gold", 1.5m))
            .AddMultiplier("double-tuesday", 2m, new Condition { DaysOfWeek = [IsoDayOfWeek.Tuesday] })
            .AddSpendThresholdBonus("spend-35", 35.00m, new Points(50))
            .AddTransactionCap("cap", new Points(2000))
            .Build();

        var purchase = new Transaction("T-1", "ana", Instant.FromUtc(2026, 3, 11, 3, 30), "USD", "store",
            [new TransactionLine("LATTE", "coffee", quantity: 2m, unitPrice: 4.95m)]);
        var result = program.Evaluator.Evaluate(purchase, new MemberContext("ana", tierId: "Gold"));

        Assert.Equal(59, result.Total.Value);
    }
}
