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
}
