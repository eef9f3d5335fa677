using System.Numerics;
using System.Runtime.CompilerServices;

namespace Loyalty.Rules;

/// <summary>
/// Sign checks on decimals without a full comparison: decimal's own <see cref="INumberBase{TSelf}"/> checks,
/// which read the bits (public only through the generic-math interface).
/// </summary>
internal static class DecimalChecks
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsZero(decimal value) => IsZero<decimal>(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsNegative(decimal value) => IsNegative<decimal>(value);

    private static bool IsZero<T>(T value)
        where T : INumberBase<T> => T.IsZero(value);

    private static bool IsNegative<T>(T value)
        where T : INumberBase<T> => T.IsNegative(value);
}
