using System;

namespace Loyalty.Rules;

/// <summary>ISO 4217 currency codes: validation and minor units.</summary>
public static class Currency
{
    /// <summary>Whether a code has the ISO 4217 shape: three upper-case ASCII letters.</summary>
    /// <param name="code">The code to check.</param>
    /// <returns>True for e.g. "USD"; false for "usd", "US" or null.</returns>
    public static bool IsValidCode(string? code)
        => code is { Length: 3 } && code[0] is >= 'A' and <= 'Z' && code[1] is >= 'A' and <= 'Z' && code[2] is >= 'A' and <= 'Z';

    /// <summary>
    /// The number of decimal places of the currency's minor unit (2 for USD, 0 for JPY, 3 for KWD).
    /// Used to prorate order-level amounts to the smallest coin.
    /// </summary>
    /// <param name="code">An ISO 4217 code.</param>
    /// <returns>The number of decimal places.</returns>
    /// <exception cref="ArgumentException">The code is not three upper-case letters.</exception>
    public static int MinorUnitDigits(string code)
    {
        if (!IsValidCode(code))
        {
            throw Preconditions.Invalid(nameof(code), $"'{code}' is not an ISO 4217 code (three upper-case letters).");
        }

        return code switch
        {
            "BIF" or "CLP" or "DJF" or "GNF" or "ISK" or "JPY" or "KMF" or "KRW" or "PYG" or "RWF"
                or "UGX" or "UYI" or "VND" or "VUV" or "XAF" or "XOF" or "XPF" => 0,
            "BHD" or "IQD" or "JOD" or "KWD" or "LYD" or "OMR" or "TND" => 3,
            "CLF" or "UYW" => 4,
            _ => 2,
        };
    }

    /// <summary>The currency's smallest coin as an amount: 0.01 for USD, 1 for JPY, 0.001 for KWD.</summary>
    /// <param name="code">An ISO 4217 code.</param>
    /// <returns>The minor unit.</returns>
    /// <exception cref="ArgumentException">The code is not three upper-case letters.</exception>
    public static decimal MinorUnit(string code) => new(1, 0, 0, false, (byte)MinorUnitDigits(code));

    /// <summary>
    /// The amount in ten-thousandths as a whole number, when that is exact and fits (amounts of any ISO currency,
    /// and most quantities times prices); the evaluator's integer fast path uses it, else it falls back to decimal.
    /// </summary>
    internal static bool TryToTenThousandths(decimal amount, out long tenThousandths)
    {
        tenThousandths = 0;
        // Up to 10^11 units: sums of up to 90,000 such amounts still fit a long.
        if (amount < -100_000_000_000m || amount > 100_000_000_000m)
        {
            return false;
        }

        decimal scaled = amount * 10_000m;
        if (scaled != decimal.Truncate(scaled))
        {
            return false;
        }

        tenThousandths = decimal.ToInt64(scaled);
        return true;
    }

    /// <summary>The exact decimal of <paramref name="value"/> x 10^-<paramref name="scale"/>, without trailing zeros.</summary>
    internal static decimal FromScaled(long value, int scale)
    {
        while (scale > 0 && value % 10 == 0)
        {
            value /= 10;
            scale--;
        }

        bool negative = value < 0;
        ulong magnitude = negative ? (ulong)(-(value + 1)) + 1 : (ulong)value;
        return new decimal(unchecked((int)(uint)magnitude), unchecked((int)(uint)(magnitude >> 32)), 0, negative, (byte)scale);
    }
}
