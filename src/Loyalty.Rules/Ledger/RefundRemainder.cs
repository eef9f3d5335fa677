using System;
using System.Collections.Generic;

namespace Loyalty.Rules;

/// <summary>
/// What a member keeps of a purchase after returns: the lines with their remaining quantities (a line's discount
/// in proportion), and order-level amounts in proportion to the remaining subtotal, all rounded half-even to the
/// currency's minor unit; shipping stays unless every line was returned.
/// </summary>
internal static class RefundRemainder
{
    /// <summary>The remaining transaction, or null when everything was returned.</summary>
    public static Transaction? Of(Transaction original, IReadOnlyList<decimal> returned, int minorDigits)
    {
        var lines = new List<TransactionLine>();
        for (int i = 0; i < original.Lines.Length; i++)
        {
            var line = original.Lines[i];
            decimal quantity = line.Quantity - returned[i];
            if (quantity <= 0m)
            {
                continue;
            }

            decimal discount = quantity == line.Quantity ? line.Discount : Share(line.Discount, quantity, line.Quantity, minorDigits);
            lines.Add(new TransactionLine(line.Sku, line.Category, quantity, line.UnitPrice, Math.Min(discount, quantity * line.UnitPrice)));
        }

        if (lines.Count == 0)
        {
            return null;
        }

        decimal subtotal = 0m;
        foreach (var line in lines)
        {
            subtotal += line.Amount;
        }

        decimal orderDiscount = Math.Min(Share(original.OrderDiscount, subtotal, original.Subtotal, minorDigits), subtotal);
        decimal tax = Share(original.Tax, subtotal, original.Subtotal, minorDigits);
        decimal due = subtotal - orderDiscount + tax + original.Shipping;
        decimal paidWithPoints = Math.Min(Share(original.PaidWithPoints, subtotal, original.Subtotal, minorDigits), due);
        return new Transaction(original.Id, original.MemberId, original.OccurredAt, original.Currency, original.Channel, lines,
            orderDiscount, tax, original.Shipping, paidWithPoints, original.StoreId, original.PartnerId);
    }

    private static decimal Share(decimal amount, decimal part, decimal whole, int minorDigits)
        => amount == 0m || whole == 0m ? 0m : decimal.Round(amount * part / whole, minorDigits, MidpointRounding.ToEven);
}
