using System;
using System.Collections.Generic;

namespace Loyalty.Rules.Accrual;

/// <summary>Points per currency unit, the most specific rate winning: sku, then category, then base.</summary>
internal sealed class RateStep(EarnRate rate, CompileContext context) : Step(rate, context)
{
    private readonly decimal baseRate = rate.PointsPerUnit;
    private readonly decimal?[]? skuRates = context.SkuValues(rate.SkuRates);
    private readonly decimal?[]? categoryRates = context.CategoryValues(rate.CategoryRates);
    private readonly bool perWholeUnit = rate.PerWholeUnit;
    private readonly RatesE4? ratesE4 = RatesE4.Of(rate, context);
    private readonly string reason = Explain(rate, rate.Reason(context.Currency));

    /// <summary>The rates in ten-thousandths, when each is exact that way (the integer paths use them).</summary>
    public RatesE4? RatesE4 => ratesE4;

    public bool PerWholeUnit => perWholeUnit;

    public override bool Apply(in EvaluationFacts o, ref Basket b, ref ItemSink sink)
    {
        if (!Holds(o))
        {
            return false;
        }

        b.Materialize();
        if (ratesE4 is not null && b.IntegerBase && !b.TrackRated && !b.TrackValues && ratesE4.TrySum(ref b, perWholeUnit, out decimal sum))
        {
            b.Sum += sum;
            sink.Add(Id, AccrualItemKind.Earn, sum, null, reason);
            return true;
        }

        decimal added = 0m;
        int lineCount = b.LineCount;
        for (int i = 0; i < b.Count; i++)
        {
            decimal amount = b.Base[i];
            decimal pointsPerUnit;
            if (i < lineCount)
            {
                int category = b.Categories[i];
                if (category == Basket.Excluded)
                {
                    continue;
                }

                pointsPerUnit = RateOf(category, b.Skus[i]);
            }
            else if (amount == 0m)
            {
                continue; // tax or shipping the program does not count
            }
            else
            {
                pointsPerUnit = baseRate;
            }

            decimal points = (perWholeUnit ? decimal.Floor(amount) : amount) * pointsPerUnit;
            added += points;
            if (b.TrackRated)
            {
                b.Rated[i] += points;
            }

            if (b.TrackValues)
            {
                b.Value[i] += points;
            }
        }

        b.Sum += added;
        sink.Add(Id, AccrualItemKind.Earn, added, null, reason);
        return true;
    }

    public override IntegerOp? IntegerOp(int tiers) => ratesE4 is null ? null : new RateOp(this, ratesE4, perWholeUnit);

    private decimal RateOf(int category, int sku)
    {
        if (skuRates is not null && sku >= 0 && skuRates[sku] is { } bySku)
        {
            return bySku;
        }

        if (categoryRates is not null && category >= 0 && categoryRates[category] is { } byCategory)
        {
            return byCategory;
        }

        return baseRate;
    }
}

/// <summary>
/// The rates of one <see cref="EarnRate"/> in ten-thousandths, when each is exact that way: the integer fast path
/// multiplies base and rate in longs (points in 10^-8) and converts to decimal once. Exact; on overflow the
/// caller falls back to decimal.
/// </summary>
internal sealed class RatesE4
{
    private readonly long baseRate;
    private readonly long[]? categoryRates;
    private readonly long[]? skuRates;
    private readonly bool[]? hasCategoryRate;
    private readonly bool[]? hasSkuRate;

    private RatesE4(long baseRate, long[]? categoryRates, bool[]? hasCategoryRate, long[]? skuRates, bool[]? hasSkuRate)
    {
        this.baseRate = baseRate;
        this.categoryRates = categoryRates;
        this.hasCategoryRate = hasCategoryRate;
        this.skuRates = skuRates;
        this.hasSkuRate = hasSkuRate;
    }

    public static RatesE4? Of(EarnRate rate, CompileContext context)
    {
        if (!Currency.TryToTenThousandths(rate.PointsPerUnit, out long baseRate)
            || !TryTable(rate.CategoryRates, context.CategoryIndex, out var categoryRates, out var hasCategoryRate)
            || !TryTable(rate.SkuRates, context.SkuIndex, out var skuRates, out var hasSkuRate))
        {
            return null;
        }

        return new RatesE4(baseRate, categoryRates, hasCategoryRate, skuRates, hasSkuRate);
    }

    /// <summary>The points of every component, exact; false on overflow (the caller then uses decimal).</summary>
    public bool TrySum(ref Basket b, bool perWholeUnit, out decimal sum)
    {
        bool exact = TrySumE8(in b, perWholeUnit, out long sumE8);
        sum = exact ? Currency.FromScaled(sumE8, 8) : 0m;
        return exact;
    }

    /// <summary>The points of every component in 10^-8 points, exact; false on overflow.</summary>
    public bool TrySumE8(in Basket b, bool perWholeUnit, out long sumE8)
    {
        try
        {
            sumE8 = 0;
            int lineCount = b.LineCount;
            for (int i = 0; i < b.Count; i++)
            {
                long rate = baseRate;
                if (i < lineCount)
                {
                    int category = b.Categories[i], sku = b.Skus[i];
                    if (category == Basket.Excluded)
                    {
                        continue;
                    }

                    if (skuRates is not null && sku >= 0 && hasSkuRate![sku])
                    {
                        rate = skuRates[sku];
                    }
                    else if (categoryRates is not null && category >= 0 && hasCategoryRate![category])
                    {
                        rate = categoryRates[category];
                    }
                }

                long amount = b.BaseE4[i];
                sumE8 += (perWholeUnit ? amount / 10_000 * 10_000 : amount) * rate;
            }

            return true;
        }
        catch (OverflowException)
        {
            sumE8 = 0;
            return false;
        }
    }

    private static bool TryTable(IReadOnlyDictionary<string, decimal> rates, System.Collections.Frozen.FrozenDictionary<string, int> index, out long[]? values, out bool[]? present)
    {
        values = null;
        present = null;
        if (rates.Count == 0)
        {
            return true;
        }

        values = new long[index.Count];
        present = new bool[index.Count];
        foreach (var (key, rate) in rates)
        {
            if (!Currency.TryToTenThousandths(rate, out values[index[key]]))
            {
                return false;
            }

            present[index[key]] = true;
        }

        return true;
    }
}

/// <summary>A rate in integers: the points of every component in 10^-8, brought to the sum's scale.</summary>
internal sealed class RateOp(Step step, RatesE4 rates, bool perWholeUnit) : IntegerOp
{
    public override bool Run(in EvaluationFacts o, in Basket b, long eligibleE4, ref IntegerSum sum)
    {
        if (!step.Holds(o))
        {
            return true;
        }

        if (!rates.TrySumE8(in b, perWholeUnit, out long e8))
        {
            return false;
        }

        sum.Rated = checked(sum.Rated + (e8 * IntegerPlan.Powers[sum.Scale - 8]));
        return true;
    }
}
