using System.Linq;
using NodaTime;

namespace Loyalty.Rules.Tests.Ledger;

internal static class LedgerTestData
{
    public static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];

    public static Instant Local(int year, int month, int day, int hour = 12, int minute = 0, DateTimeZone? zone = null)
        => new LocalDateTime(year, month, day, hour, minute).InZoneLeniently(zone ?? NewYork).ToInstant();

    public static LoyaltyProgramBuilder Program(LotPolicy? lots = null, DateTimeZone? zone = null)
        => new LoyaltyProgramBuilder("ledger", "USD", zone ?? NewYork)
            .WithLots(lots ?? LotPolicy.Default)
            .AddEarnRate("base", 1m);

    public static Transaction Purchase(string id, Instant at, params decimal[] amounts)
        => new(id, "M1", at, "USD", "store", amounts.Select((a, i) => new TransactionLine($"SKU-{i}", "coffee", 1m, a)));

    public static MemberContext Member => new("M1");

    public static LedgerOutcome Buy(this LoyaltyProgram program, MemberAccount account, string id, Instant at, params decimal[] amounts)
        => program.Ledger.Process(account, new PurchaseEvent(Purchase(id, at, amounts)), Member);

    public static LedgerOutcome Redeem(this LoyaltyProgram program, MemberAccount account, string id, Instant at, long points)
        => program.Ledger.Process(account, new RedemptionEvent(id, "M1", at, points), Member);
}
