using System;
using System.Collections.Generic;

namespace Loyalty.Rules;

/// <summary>Adds tier accelerators and tier-credit rules to a program or group builder. Each returns the builder.</summary>
public static partial class TierBuilderExtensions
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
        Preconditions.NotNull(builder, nameof(builder));
        Preconditions.NotNull(factors, nameof(factors));
        var byTier = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (tier, factor) in factors)
        {
            byTier[tier] = factor;
        }

        builder.Add(new TierAccelerator { Id = id, Factors = byTier });
        return builder;
    }
}
