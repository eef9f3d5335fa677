using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Runtime.InteropServices;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>
/// A purchase to evaluate: who, when (an <see cref="Instant"/>), where (channel, store, partner), in which
/// currency, its lines, and the order-level amounts that decide the earning base.
/// </summary>
public sealed class Transaction
{
    /// <summary>Creates a transaction and checks it.</summary>
    /// <param name="id">The transaction id, unique per program (used for idempotence).</param>
    /// <param name="memberId">The member who made the purchase.</param>
    /// <param name="occurredAt">When the purchase happened.</param>
    /// <param name="currency">ISO 4217 code of every amount in the transaction.</param>
    /// <param name="channel">The sales channel, e.g. "store", "app", "web"; matched ordinally.</param>
    /// <param name="lines">The lines; at least one.</param>
    /// <param name="orderDiscount">An order-level discount, prorated across the lines; from 0 up to the lines' total.</param>
    /// <param name="tax">Tax charged on the order; not negative.</param>
    /// <param name="shipping">Shipping charged on the order; not negative.</param>
    /// <param name="paidWithPoints">The part of the amount due that was paid with points; it never earns points.</param>
    /// <param name="storeId">The store, or null.</param>
    /// <param name="partnerId">The partner where the purchase happened, or null.</param>
    /// <param name="drawSeed">The seed of this transaction's surprise draws (<see cref="SurpriseBonus"/>), chosen by the
    /// host (e.g. a keyed hash of the transaction id) and kept for audit; null: no surprise is drawn.</param>
    /// <exception cref="ArgumentException">A field is missing or out of range; the message names it.</exception>
    public Transaction(
        string id,
        string memberId,
        Instant occurredAt,
        string currency,
        string channel,
        IEnumerable<TransactionLine> lines,
        decimal orderDiscount = 0m,
        decimal tax = 0m,
        decimal shipping = 0m,
        decimal paidWithPoints = 0m,
        string? storeId = null,
        string? partnerId = null,
        long? drawSeed = null)
    {
        DrawSeed = drawSeed;
        Id = Preconditions.Id(id, nameof(id));
        MemberId = Preconditions.Id(memberId, nameof(memberId));
        if (!Rules.Currency.IsValidCode(currency))
        {
            throw Preconditions.Invalid(nameof(currency), $"'{currency}' is not an ISO 4217 code (three upper-case letters).");
        }

        Channel = Preconditions.Id(channel, nameof(channel));
        var all = Preconditions.NotNull(lines, nameof(lines)).ToArray(); // a copy of exactly the lines (an array or list is copied at once), kept as the transaction's
        decimal subtotal = 0m;
        for (int i = 0; i < all.Length; i++)
        {
            if (all[i] is not { } line)
            {
                throw Preconditions.Missing($"lines[{i}]", "is null.");
            }

            subtotal += line.Amount;
        }

        if (all.Length == 0)
        {
            throw Preconditions.Invalid(nameof(lines), "must hold at least one line.");
        }

        NotNegative(orderDiscount, nameof(orderDiscount));
        NotNegative(tax, nameof(tax));
        NotNegative(shipping, nameof(shipping));
        NotNegative(paidWithPoints, nameof(paidWithPoints));
        if (orderDiscount > subtotal)
        {
            throw Preconditions.OutOfRange(nameof(orderDiscount), orderDiscount, $"{Format(orderDiscount)} is above the lines' total {Format(subtotal)}.");
        }

        decimal due = subtotal - orderDiscount + tax + shipping;
        if (paidWithPoints > due)
        {
            throw Preconditions.OutOfRange(nameof(paidWithPoints), paidWithPoints, $"{Format(paidWithPoints)} is above the amount due {Format(due)}.");
        }

        Currency = currency;
        OccurredAt = occurredAt;
        Lines = ImmutableCollectionsMarshal.AsImmutableArray(all); // the copy above: nothing else holds it
        OrderDiscount = orderDiscount;
        Tax = tax;
        Shipping = shipping;
        PaidWithPoints = paidWithPoints;
        StoreId = storeId;
        PartnerId = partnerId;
        Subtotal = subtotal;
        HasOrderDiscount = orderDiscount != 0m;
        HasPaidWithPoints = paidWithPoints != 0m;
        bool exact = Rules.Currency.TryToTenThousandths(tax, out long taxE4) & Rules.Currency.TryToTenThousandths(shipping, out long shippingE4);
        foreach (var line in Lines)
        {
            exact &= line.HasAmountE4;
        }

        TaxE4 = taxE4;
        ShippingE4 = shippingE4;
        AllAmountsE4 = exact;
    }

    /// <summary>The transaction id.</summary>
    public string Id { get; }

    /// <summary>The seed of the transaction's surprise draws, or null for none.</summary>
    public long? DrawSeed { get; }

    /// <summary>The member who made the purchase.</summary>
    public string MemberId { get; }

    /// <summary>When the purchase happened.</summary>
    public Instant OccurredAt { get; }

    /// <summary>ISO 4217 code of every amount.</summary>
    public string Currency { get; }

    /// <summary>The sales channel.</summary>
    public string Channel { get; }

    /// <summary>The store, or null.</summary>
    public string? StoreId { get; }

    /// <summary>The partner, or null.</summary>
    public string? PartnerId { get; }

    /// <summary>The lines, in the order given (the order never changes a result).</summary>
    public ImmutableArray<TransactionLine> Lines { get; }

    /// <summary>The order-level discount.</summary>
    public decimal OrderDiscount { get; }

    /// <summary>Tax charged on the order.</summary>
    public decimal Tax { get; }

    /// <summary>Shipping charged on the order.</summary>
    public decimal Shipping { get; }

    /// <summary>The part of the amount due paid with points.</summary>
    public decimal PaidWithPoints { get; }

    /// <summary>The sum of the lines' amounts (after their own discounts).</summary>
    public decimal Subtotal { get; }

    /// <summary>Whether there is an order discount to prorate.</summary>
    internal bool HasOrderDiscount { get; }

    /// <summary>Whether part of the order was paid with points.</summary>
    internal bool HasPaidWithPoints { get; }

    /// <summary>Tax in ten-thousandths, when <see cref="AllAmountsE4"/>.</summary>
    internal long TaxE4 { get; }

    /// <summary>Shipping in ten-thousandths, when <see cref="AllAmountsE4"/>.</summary>
    internal long ShippingE4 { get; }

    /// <summary>Whether every line amount, tax and shipping is a whole number of ten-thousandths.</summary>
    internal bool AllAmountsE4 { get; }

    /// <summary>What the customer owed: subtotal - order discount + tax + shipping.</summary>
    public Money AmountDue => new(Subtotal - OrderDiscount + Tax + Shipping, Currency);

    /// <inheritdoc />
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"{Id} member {MemberId} at {OccurredAt} {Channel}: {Lines.Length} line(s), {AmountDue}");

    private static void NotNegative(decimal value, string field)
    {
        if (value < 0m)
        {
            throw Preconditions.OutOfRange(field, value, $"must not be negative, was {Format(value)}.");
        }
    }

    private static string Format(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
