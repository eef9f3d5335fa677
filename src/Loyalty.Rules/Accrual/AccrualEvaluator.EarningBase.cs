using System;
using System.Globalization;
using Loyalty.Rules.Accrual;

namespace Loyalty.Rules;

// Step 1 of the pipeline: each component's earning base, in ten-thousandths or decimal, with prorated order discounts.
public sealed partial class AccrualEvaluator
{
    /// <summary>
    /// The earning base in ten-thousandths alone, for the integer path (no prorated amounts, every amount exact in
    /// ten-thousandths): each component's base and each line's category and sku index; returns the eligible spend.
    /// </summary>
    private long EarningBaseE4(Transaction transaction, Span<long> amountsE4, Span<int> categories, Span<int> skus)
    {
        var lines = transaction.Lines;
        int lineCount = lines.Length;
        long eligibleE4 = 0;
        for (int i = 0; i < lineCount; i++)
        {
            var line = lines[i];
            categories[i] = CategoryOf(line, out skus[i]);
            amountsE4[i] = categories[i] == Basket.Excluded ? 0 : line.AmountE4;
            eligibleE4 += amountsE4[i];
        }

        amountsE4[lineCount] = includeTax ? transaction.TaxE4 : 0;
        amountsE4[lineCount + 1] = includeShipping ? transaction.ShippingE4 : 0;
        return eligibleE4 + amountsE4[lineCount] + amountsE4[lineCount + 1];
    }

    /// <summary>A line's category index (<see cref="Basket.Excluded"/> when the earning base excludes it) and its sku index.</summary>
    private int CategoryOf(TransactionLine line, out int sku)
    {
        int category = indexCategories && line.Category is not null && categoryIndex.TryGetValue(line.Category, out int c) ? c : -1;
        sku = indexSkus && skuIndex.TryGetValue(line.Sku, out int s) ? s : -1;
        return (excludedCategories is not null && category >= 0 && excludedCategories[category]) || (excludedSkus is not null && sku >= 0 && excludedSkus[sku])
            ? Basket.Excluded
            : category;
    }

    /// <summary>
    /// Writes each component's earning base (and each line's category and sku index) and returns their sum, the
    /// eligible spend. Order discount: prorated over the lines by their amounts. Paid with
    /// points: prorated over lines, tax and shipping by what remains. Then excluded lines and uncounted tax and
    /// shipping drop to zero. Shares are in minor units by largest remainder, so they sum exactly.
    /// </summary>
    private decimal EarningBase(Transaction transaction, bool integerBase, Span<decimal> amounts, Span<long> amountsE4, Span<int> categories, Span<int> skus, out long eligibleE4)
    {
        eligibleE4 = 0;
        var lines = transaction.Lines;
        int lineCount = lines.Length;
        for (int i = 0; i < lineCount; i++)
        {
            var line = lines[i];
            amounts[i] = line.Amount;
            categories[i] = CategoryOf(line, out skus[i]);
        }

        amounts[lineCount] = transaction.Tax;
        amounts[lineCount + 1] = transaction.Shipping;
        if (integerBase)
        {
            // The exact integer path: no prorated amounts, every amount a whole number of ten-thousandths.
            for (int i = 0; i < lineCount; i++)
            {
                if (categories[i] == Basket.Excluded)
                {
                    amounts[i] = 0m;
                    amountsE4[i] = 0;
                }
                else
                {
                    amountsE4[i] = lines[i].AmountE4;
                    eligibleE4 += amountsE4[i];
                }
            }

            amountsE4[lineCount] = includeTax ? transaction.TaxE4 : 0;
            amountsE4[lineCount + 1] = includeShipping ? transaction.ShippingE4 : 0;
            eligibleE4 += amountsE4[lineCount] + amountsE4[lineCount + 1];
            ExcludeTaxAndShipping(amounts, lineCount);
            return Currency.FromScaled(eligibleE4, 4);
        }

        if (transaction.HasOrderDiscount)
        {
            Prorate(transaction.OrderDiscount, "transaction.OrderDiscount", lines, amounts[..lineCount]);
        }

        if (transaction.HasPaidWithPoints)
        {
            Prorate(transaction.PaidWithPoints, "transaction.PaidWithPoints", lines, amounts);
        }

        decimal eligible = 0m;
        for (int i = 0; i < lineCount; i++)
        {
            if (categories[i] == Basket.Excluded)
            {
                amounts[i] = 0m;
            }
            else
            {
                eligible += amounts[i];
            }
        }

        ExcludeTaxAndShipping(amounts, lineCount);
        return eligible + amounts[lineCount] + amounts[lineCount + 1];
    }

    private void ExcludeTaxAndShipping(Span<decimal> amounts, int lineCount)
    {
        if (!includeTax)
        {
            amounts[lineCount] = 0m;
        }

        if (!includeShipping)
        {
            amounts[lineCount + 1] = 0m;
        }
    }

    /// <summary>
    /// Subtracts <paramref name="reduction"/> from <paramref name="amounts"/> in proportion to them, in minor units:
    /// each share is floored, then the cents left go one each to the largest remainders, ties broken by the larger
    /// amount, then lines before tax before shipping, then sku and category (never by position).
    /// </summary>
    private void Prorate(decimal reduction, string field, System.Collections.Immutable.ImmutableArray<TransactionLine> lines, Span<decimal> amounts)
    {
        if (decimal.Remainder(reduction, minorUnit) != 0m)
        {
            throw Preconditions.Invalid(field, $"{reduction.ToString(CultureInfo.InvariantCulture)} has more decimals than {program.Currency}'s minor unit {minorUnit.ToString(CultureInfo.InvariantCulture)}.");
        }

        decimal whole = 0m;
        foreach (var amount in amounts)
        {
            whole += amount;
        }

        if (whole == 0m)
        {
            return;
        }

        int n = amounts.Length;
        Span<decimal> weights = n <= StackComponents ? stackalloc decimal[n] : new decimal[n];
        Span<decimal> remainders = n <= StackComponents ? stackalloc decimal[n] : new decimal[n];
        amounts.CopyTo(weights);
        decimal given = 0m;
        for (int i = 0; i < n; i++)
        {
            decimal exactShare = reduction * weights[i] / whole;
            decimal share = decimal.Floor(exactShare / minorUnit) * minorUnit;
            remainders[i] = exactShare - share;
            amounts[i] = weights[i] - share;
            given += share;
        }

        for (decimal left = reduction - given; left > 0m; left -= minorUnit)
        {
            int pick = -1;
            for (int i = 0; i < n; i++)
            {
                if (remainders[i] >= 0m && (pick < 0 || Before(i, pick, remainders, weights, lines)))
                {
                    pick = i;
                }
            }

            remainders[pick] = -1m;
            amounts[pick] = Math.Max(0m, amounts[pick] - minorUnit);
        }
    }

    private static bool Before(int i, int j, Span<decimal> remainders, Span<decimal> weights, System.Collections.Immutable.ImmutableArray<TransactionLine> lines)
    {
        if (remainders[i] != remainders[j])
        {
            return remainders[i] > remainders[j];
        }

        if (weights[i] != weights[j])
        {
            return weights[i] > weights[j];
        }

        // Lines rank before tax, tax before shipping (their indexes follow the lines in that order).
        if (i >= lines.Length || j >= lines.Length)
        {
            return i < j;
        }

        int bySku = string.CompareOrdinal(lines[i].Sku, lines[j].Sku);
        return bySku != 0 ? bySku < 0 : string.CompareOrdinal(lines[i].Category, lines[j].Category) < 0;
    }
}
