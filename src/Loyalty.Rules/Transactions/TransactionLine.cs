using System;
using System.Globalization;

namespace Loyalty.Rules;

/// <summary>One line of a purchase: what was bought, how many, at what price, less its own discount.</summary>
/// <remarks>Amounts are in the currency of the <see cref="Transaction"/> that holds the line.</remarks>
public sealed class TransactionLine
{
    /// <summary>Creates a line and checks it.</summary>
    /// <param name="sku">The stock-keeping unit; matched ordinally (case-sensitive).</param>
    /// <param name="category">The product category, or null; matched ordinally (case-sensitive).</param>
    /// <param name="quantity">How many units (may be fractional, e.g. 1.5 kg); must be positive.</param>
    /// <param name="unitPrice">The price of one unit; must not be negative.</param>
    /// <param name="discount">The line's own discount; from 0 up to quantity x unit price.</param>
    /// <exception cref="ArgumentException">A field is missing or out of range; the message names it.</exception>
    public TransactionLine(string sku, string? category, decimal quantity, decimal unitPrice, decimal discount = 0m)
    {
        Sku = Preconditions.Id(sku, nameof(sku));
        if (quantity <= 0m)
        {
            throw Preconditions.OutOfRange(nameof(quantity), quantity, $"must be positive, was {Format(quantity)}.");
        }

        if (unitPrice < 0m)
        {
            throw Preconditions.OutOfRange(nameof(unitPrice), unitPrice, $"must not be negative, was {Format(unitPrice)}.");
        }

        if (discount < 0m)
        {
            throw Preconditions.OutOfRange(nameof(discount), discount, $"must not be negative, was {Format(discount)}.");
        }

        decimal gross;
        try
        {
            gross = quantity * unitPrice;
        }
        catch (OverflowException e)
        {
            throw new OverflowException($"quantity x unitPrice: {Format(quantity)} x {Format(unitPrice)} overflows decimal.", e);
        }

        if (discount > gross)
        {
            throw Preconditions.OutOfRange(nameof(discount), discount, $"{Format(discount)} is above the line amount {Format(gross)}.");
        }

        Category = category is null ? null : Preconditions.Id(category, nameof(category));
        Quantity = quantity;
        UnitPrice = unitPrice;
        Discount = discount;
        Amount = gross - discount;
        HasAmountE4 = Rules.Currency.TryToTenThousandths(Amount, out long amountE4);
        AmountE4 = amountE4;
    }

    /// <summary>The stock-keeping unit.</summary>
    public string Sku { get; }

    /// <summary>The category, or null when the line has none.</summary>
    public string? Category { get; }

    /// <summary>How many units.</summary>
    public decimal Quantity { get; }

    /// <summary>The price of one unit.</summary>
    public decimal UnitPrice { get; }

    /// <summary>The line's own discount.</summary>
    public decimal Discount { get; }

    /// <summary>Quantity x unit price - discount, exact.</summary>
    public decimal Amount { get; }

    /// <summary>The amount in ten-thousandths, when <see cref="HasAmountE4"/>.</summary>
    internal long AmountE4 { get; }

    /// <summary>Whether <see cref="Amount"/> is a whole number of ten-thousandths that fits a long.</summary>
    internal bool HasAmountE4 { get; }

    /// <inheritdoc />
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"{Sku} [{Category}] {Quantity} x {UnitPrice} - {Discount} = {Amount}");

    private static string Format(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
