using System;
using System.Linq;
using NodaTime;
using Xunit;
using static Loyalty.Rules.Tests.Ledger.LedgerTestData;

namespace Loyalty.Rules.Tests.Definitions;

public class CatalogTests
{
    private static readonly Instant Midnight = Local(2026, 3, 10, 0, 0);

    private static LoyaltyProgram Version(int version, decimal rate, Instant? from)
    {
        var builder = new LoyaltyProgramBuilder("ledger", "USD", NewYork).WithVersion(version).AddEarnRate("base", rate);
        return (from is { } f ? builder.WithEffectiveFrom(f) : builder).Build();
    }

    private static readonly ProgramCatalog Catalog = new([Version(2, 2m, Midnight), Version(1, 1m, null)]);

    [Fact]
    public void At_PicksTheVersionInEffect_SoAChangeAtMidnightNeverRepricesEarlierPurchases()
    {
        Assert.Equal(1, Catalog.At(Local(2026, 3, 9, 23, 59)).Version);
        Assert.Equal(2, Catalog.At(Midnight).Version);

        var account = Catalog.Process(MemberAccount.Open("M1"), new PurchaseEvent(Purchase("T1", Local(2026, 3, 9, 23, 59), 10m)), Member).Account;
        account = Catalog.Process(account, new PurchaseEvent(Purchase("T2", Midnight, 10m)), Member).Account;

        Assert.Equal([10L, 20L], account.Purchases.Select(p => p.Awarded));
        Assert.Equal([1, 2], account.Purchases.Select(p => p.ProgramVersion));
    }

    [Fact]
    public void Process_ARefund_UsesTheVersionThatAwardedThePurchase()
    {
        var purchase = Purchase("T1", Local(2026, 3, 9, 23, 0), 10m);
        var account = Catalog.Process(MemberAccount.Open("M1"), new PurchaseEvent(purchase), Member).Account;
        var refund = new RefundEvent("R1", Local(2026, 3, 12), purchase, [new ReturnedLine(0, 1m)]);

        var refunded = Catalog.Process(account, refund, Member);

        Assert.Equal(10, refunded.Account.Totals.Reversed);
        Assert.Equal(0, refunded.Account.BalanceAt(Local(2026, 3, 12)).Available);
        // Version 2 alone refuses it, naming the version that awarded it.
        var error = Assert.ThrowsAny<ArgumentException>(() => Catalog.At(Local(2026, 3, 12)).Ledger.Process(account, refund, Member));
        Assert.Contains("awarded by program version 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Catalog_RefusesVersionsThatDoNotFit()
    {
        var other = new LoyaltyProgramBuilder("other", "USD", NewYork).AddEarnRate("base", 1m).Build();

        Assert.Equal("versions: holds programs 'ledger' and 'other'; a catalog holds the versions of one program.",
            Assert.ThrowsAny<ArgumentException>(() => new ProgramCatalog([Version(1, 1m, null), other])).Message);
        Assert.Equal("versions: versions 1 and 2 take effect at the same instant.",
            Assert.ThrowsAny<ArgumentException>(() => new ProgramCatalog([Version(1, 1m, Midnight), Version(2, 1m, Midnight)])).Message);
        Assert.Equal("versions: version 1 takes effect after version 2; versions must increase with their effective instants.",
            Assert.ThrowsAny<ArgumentException>(() => new ProgramCatalog([Version(2, 1m, null), Version(1, 1m, Midnight)])).Message);
        Assert.ThrowsAny<ArgumentException>(() => new ProgramCatalog([]));
    }

    [Fact]
    public void At_BeforeTheFirstVersion_SaysWhenItStarts()
    {
        var catalog = new ProgramCatalog([Version(1, 1m, Midnight)]);

        var error = Assert.Throws<InvalidOperationException>(() => catalog.At(Midnight - Duration.FromTicks(1)));

        Assert.Equal("No version of program 'ledger' is in effect at 2026-03-10T03:59:59Z; the first takes effect at 2026-03-10T04:00:00Z.", error.Message);
    }

    [Fact]
    public void Versions_LoadedFromJson_CarryTheirEffectiveInstant()
    {
        var json = Version(2, 2m, Midnight).ToJson();

        Assert.Contains("\"effectiveFrom\": \"2026-03-10T04:00:00Z\"", json, StringComparison.Ordinal);
        Assert.Equal(Midnight, LoyaltyProgram.FromJson(json).EffectiveFrom);
    }
}
