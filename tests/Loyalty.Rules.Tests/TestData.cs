using System.Collections.Generic;
using System.Linq;
using NodaTime;

namespace Loyalty.Rules.Tests;

/// <summary>Small, explicit test inputs: every number a test depends on is written in the test.</summary>
internal static class TestData
{
    /// <summary>A sample program file: the canonical JSON with the editor's <c>$schema</c> reference on its first line.</summary>
    public static string AsSampleFile(string canonicalJson)
        => "{\n  \"$schema\": \"./loyalty-program.schema.json\",\n" + canonicalJson[2..];

    public static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];

    /// <summary>Monday 2026-03-09 15:00 in New York (19:00 UTC, daylight time).</summary>
    public static readonly Instant AMonday = Instant.FromUtc(2026, 3, 9, 19, 0);

    public static LoyaltyProgramBuilder Program(params string[] tiers)
        => new LoyaltyProgramBuilder("test", "USD", NewYork).WithTiers(tiers);

    public static TransactionLine Line(decimal amount, string category = "coffee", string? sku = null)
        => new(sku ?? "SKU-" + category, category, 1m, amount);

    public static Transaction Purchase(params TransactionLine[] lines) => Purchase(AMonday, "store", lines);

    public static Transaction Purchase(Instant at, string channel, params TransactionLine[] lines)
        => new("T1", "M1", at, "USD", channel, lines);

    public static MemberContext Member(string? tier = null, bool firstPurchase = false, IEnumerable<string>? segments = null, decimal carried = 0m)
        => new("M1", tier, firstPurchase, segments: segments, carriedFraction: carried);

    /// <summary>The reference workload W1 (or its first <paramref name="count"/> transactions) as library inputs.</summary>
    public static IEnumerable<(Transaction Transaction, MemberContext Member)> W1(int count = 10_000)
        => Reference.W1.Generate(count).Select(w => (
            new Transaction(w.Id, w.MemberId, Instant.FromDateTimeOffset(w.OccurredAtUtc), "USD", w.Channel, w.Lines.Select(l => new TransactionLine(l.Sku, l.Category, l.Quantity, l.UnitPrice, l.Discount))),
            new MemberContext(w.MemberId, w.Tier)));

    public static AccrualResult Evaluate(this LoyaltyProgram program, Transaction transaction, MemberContext? member = null)
    {
        member ??= Member();
        var result = program.Evaluator.Evaluate(transaction, member);

        // Every test also checks the two paths agree and the items explain every point.
        var total = program.Evaluator.EvaluateTotal(transaction, member);
        Xunit.Assert.Equal(result.Total, total.Points);
        Xunit.Assert.Equal(result.CarriedFraction, total.CarriedFraction);
        Xunit.Assert.Equal(result.Total.Value, result.Items.Sum(i => i.Points));
        return result;
    }

    public static long Points(this LoyaltyProgram program, Transaction transaction, MemberContext? member = null)
        => program.Evaluate(transaction, member).Total.Value;
}
