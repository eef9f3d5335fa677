using System;
using System.Collections.Generic;
using System.Linq;

namespace Loyalty.Rules;

/// <summary>Adds the tier accelerator to a program or group builder.</summary>
public static class TierBuilderExtensions
{
    /// <summary>Adds a tier accelerator: a factor per tier on the points earned so far.</summary>
    /// <typeparam name="TBuilder">The builder type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="id">The rule id.</param>
    /// <param name="factors">Tier id and factor pairs, e.g. ("Silver", 1.2m), ("Gold", 1.5m).</param>
    /// <returns>The builder.</returns>
    public static TBuilder AddTierAccelerator<TBuilder>(this TBuilder builder, string id, params (string Tier, decimal Factor)[] factors)
        where TBuilder : EarnPipelineBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factors);
        var byTier = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (tier, factor) in factors)
        {
            byTier[tier] = factor;
        }

        builder.Add(new TierAccelerator { Id = id, Factors = byTier });
        return builder;
    }

    /// <summary>Adds a tier-credit rule: <paramref name="perUnit"/> credits per 1.00 of eligible spend plus <paramref name="fixedCredits"/> per transaction.</summary>
    /// <typeparam name="TBuilder">The builder type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="id">The rule id.</param>
    /// <param name="perUnit">Credits per 1.00 of eligible spend.</param>
    /// <param name="fixedCredits">Credits per transaction.</param>
    /// <param name="when">The condition; null for always.</param>
    /// <returns>The builder.</returns>
    public static TBuilder AddTierCredits<TBuilder>(this TBuilder builder, string id, decimal perUnit, Points fixedCredits = default, Condition? when = null)
        where TBuilder : EarnPipelineBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Add(new TierCreditRule { Id = id, CreditsPerUnit = perUnit, FixedCredits = fixedCredits, When = when });
        return builder;
    }
}
