using System.Collections.Generic;

namespace Loyalty.Rules;

public static partial class EarningBuilderExtensions
{
    /// <summary>Adds a rate on spend.</summary>
    /// <typeparam name="TBuilder">The builder type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="rate">The rate.</param>
    /// <returns>The builder.</returns>
    public static TBuilder AddEarnRate<TBuilder>(this TBuilder builder, EarnRate rate)
        where TBuilder : EarnPipelineBuilder
    {
        Preconditions.NotNull(builder, nameof(builder));
        builder.Add(rate);
        return builder;
    }

    /// <summary>Adds a rate on spend: <paramref name="pointsPerUnit"/> points per 1.00, with optional category rates.</summary>
    /// <typeparam name="TBuilder">The builder type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="id">The rule id.</param>
    /// <param name="pointsPerUnit">Points per 1.00 of the program currency.</param>
    /// <param name="categoryRates">Rates by category, overriding the base rate; null for none.</param>
    /// <returns>The builder.</returns>
    public static TBuilder AddEarnRate<TBuilder>(this TBuilder builder, string id, decimal pointsPerUnit, IReadOnlyDictionary<string, decimal>? categoryRates = null)
        where TBuilder : EarnPipelineBuilder
        => builder.AddEarnRate(new EarnRate
        {
            Id = id,
            PointsPerUnit = pointsPerUnit,
            CategoryRates = categoryRates ?? new Dictionary<string, decimal>(),
        });
}
