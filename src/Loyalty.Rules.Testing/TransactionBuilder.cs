using System.Collections.Generic;
using NodaTime;

namespace Loyalty.Rules.Testing;

/// <summary>
/// Builds a valid <see cref="Transaction"/> with sensible defaults (member "M1", 2026-01-01T12:00Z, USD, channel
/// "store"), so a test states only what it is about.
/// </summary>
/// <example><code>var t = new TransactionBuilder("T-1").By("ana").At(instant).InChannel("app").Line("LATTE", "coffee", 2m, 4.95m).Build();</code></example>
public sealed class TransactionBuilder
{
    private readonly string id;
    private readonly List<TransactionLine> lines = [];
    private string memberId = "M1";
    private Instant at = Instant.FromUtc(2026, 1, 1, 12, 0);
    private string currency = "USD";
    private string channel = "store";
    private string? storeId;
    private string? partnerId;
    private decimal orderDiscount;
    private decimal tax;
    private decimal shipping;
    private long? drawSeed;

    /// <summary>Starts a transaction.</summary>
    /// <param name="id">Its id (default "T-1").</param>
    public TransactionBuilder(string id = "T-1") => this.id = id;

    /// <summary>The member who made it.</summary>
    /// <param name="value">The member id.</param>
    /// <returns>This builder.</returns>
    public TransactionBuilder By(string value)
    {
        memberId = value;
        return this;
    }

    /// <summary>When it happened.</summary>
    /// <param name="value">The instant.</param>
    /// <returns>This builder.</returns>
    public TransactionBuilder At(Instant value)
    {
        at = value;
        return this;
    }

    /// <summary>When it happened, as a local time in a zone (a program's zone).</summary>
    /// <param name="local">The local date and time.</param>
    /// <param name="zone">The zone.</param>
    /// <returns>This builder.</returns>
    public TransactionBuilder At(LocalDateTime local, DateTimeZone zone)
    {
        at = local.InZoneLeniently(zone).ToInstant();
        return this;
    }

    /// <summary>Its currency.</summary>
    /// <param name="value">The ISO 4217 code.</param>
    /// <returns>This builder.</returns>
    public TransactionBuilder InCurrency(string value)
    {
        currency = value;
        return this;
    }

    /// <summary>Its channel.</summary>
    /// <param name="value">The channel ("store", "app", "web", ...).</param>
    /// <returns>This builder.</returns>
    public TransactionBuilder InChannel(string value)
    {
        channel = value;
        return this;
    }

    /// <summary>Its store and partner.</summary>
    /// <param name="store">The store id, or null.</param>
    /// <param name="partner">The partner id, or null.</param>
    /// <returns>This builder.</returns>
    public TransactionBuilder AtStore(string? store, string? partner = null)
    {
        storeId = store;
        partnerId = partner;
        return this;
    }

    /// <summary>Adds a line.</summary>
    /// <param name="sku">The sku.</param>
    /// <param name="category">The category, or null.</param>
    /// <param name="quantity">The quantity.</param>
    /// <param name="unitPrice">The unit price.</param>
    /// <param name="discount">The line discount.</param>
    /// <returns>This builder.</returns>
    public TransactionBuilder Line(string sku, string? category, decimal quantity, decimal unitPrice, decimal discount = 0m)
    {
        lines.Add(new TransactionLine(sku, category, quantity, unitPrice, discount));
        return this;
    }

    /// <summary>Order-level amounts.</summary>
    /// <param name="discount">The order discount.</param>
    /// <param name="taxAmount">The tax.</param>
    /// <param name="shippingAmount">The shipping.</param>
    /// <returns>This builder.</returns>
    public TransactionBuilder WithOrderAmounts(decimal discount = 0m, decimal taxAmount = 0m, decimal shippingAmount = 0m)
    {
        orderDiscount = discount;
        tax = taxAmount;
        shipping = shippingAmount;
        return this;
    }

    /// <summary>The seed of the transaction's surprise draws.</summary>
    /// <param name="seed">The seed.</param>
    /// <returns>This builder.</returns>
    public TransactionBuilder WithDrawSeed(long seed)
    {
        drawSeed = seed;
        return this;
    }

    /// <summary>Builds the transaction (one 10.00 "coffee" line if none was added).</summary>
    /// <returns>The transaction.</returns>
    public Transaction Build()
        => new(id, memberId, at, currency, channel, lines.Count == 0 ? [new TransactionLine("SKU-1", "coffee", 1m, 10.00m)] : lines,
            orderDiscount: orderDiscount, tax: tax, shipping: shipping, storeId: storeId, partnerId: partnerId, drawSeed: drawSeed);

    /// <summary>Builds the transaction as a ledger event.</summary>
    /// <returns>The purchase event.</returns>
    public PurchaseEvent BuildEvent() => new(Build());
}
