using System;
using System.Collections.Immutable;

namespace Loyalty.Rules;

/// <summary>What <see cref="ImmutableArray{T}"/> lacks.</summary>
internal static class ImmutableArrayExtensions
{
    /// <summary>The index of the first item that matches, or -1.</summary>
    public static int FindIndex<T>(this ImmutableArray<T> items, Func<T, bool> match)
    {
        for (int i = 0; i < items.Length; i++)
        {
            if (match(items[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
