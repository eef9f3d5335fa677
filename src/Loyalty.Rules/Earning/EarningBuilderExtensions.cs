using System;
using System.Collections.Generic;

namespace Loyalty.Rules;

/// <summary>Adds earn rules, bonuses and caps to a program or group builder. Each returns the builder.</summary>
public static class EarningBuilderExtensions
{
    /// <summary>Adds any earn policy (rule, modifier, group or cap) at the end of the pipeline.</summary>
    /// <typeparam name="TBuilder">The builder type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="policy">The policy.</param>
    /// <returns>The builder.</returns>
    public static TBuilder AddPolicy<TBuilder>(this TBuilder builder, EarnPolicy policy)
        where TBuilder : EarnPipelineBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Add(policy);
        return builder;
    }

    /// <summary>Adds a rate on spend.</summary>
    /// <typeparam name="TBuilder">The builder type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="rate">The rate.</param>
    /// <returns>The builder.</returns>
    public static TBuilder AddEarnRate<TBuilder>(this TBuilder builder, EarnRate rate)
        where TBuilder : EarnPipelineBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
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

    /// <summary>Adds "spend at least <paramref name="minimumSpend"/>, get <paramref name="points"/>".</summary>
    /// <typeparam name="TBuilder">The builder type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="id">The rule id.</param>
    /// <param name="minimumSpend">The least eligible spend that qualifies (inclusive).</param>
    /// <param name="points">The bonus.</param>
    /// <returns>The builder.</returns>
    public static TBuilder AddSpendThresholdBonus<TBuilder>(this TBuilder builder, string id, decimal minimumSpend, Points points)
        where TBuilder : EarnPipelineBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Add(new SpendThresholdBonus { Id = id, MinimumSpend = minimumSpend, Points = points });
        return builder;
    }

    /// <summary>Adds a fixed bonus paid when <paramref name="when"/> holds (e.g. the "app" channel).</summary>
    /// <typeparam name="TBuilder">The builder type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="id">The rule id.</param>
    /// <param name="points">The bonus.</param>
    /// <param name="when">The condition; null for always.</param>
    /// <returns>The builder.</returns>
    public static TBuilder AddFixedBonus<TBuilder>(this TBuilder builder, string id, Points points, Condition? when)
        where TBuilder : EarnPipelineBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Add(new FixedBonus { Id = id, Points = points, When = when });
        return builder;
    }

    /// <summary>Adds a bonus on the member's first purchase.</summary>
    /// <typeparam name="TBuilder">The builder type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="id">The rule id.</param>
    /// <param name="points">The bonus.</param>
    /// <returns>The builder.</returns>
    public static TBuilder AddFirstPurchaseBonus<TBuilder>(this TBuilder builder, string id, Points points)
        where TBuilder : EarnPipelineBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Add(new FirstPurchaseBonus { Id = id, Points = points });
        return builder;
    }

    /// <summary>Adds a per-transaction cap; caps stand at the end of the pipeline and act on the rounded total.</summary>
    /// <param name="builder">The program builder.</param>
    /// <param name="id">The rule id.</param>
    /// <param name="maxPoints">The most points per transaction.</param>
    /// <returns>The builder.</returns>
    public static LoyaltyProgramBuilder AddTransactionCap(this LoyaltyProgramBuilder builder, string id, Points maxPoints)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Add(new TransactionCap { Id = id, MaxPoints = maxPoints });
        return builder;
    }
}
