using System;
using System.Linq;

namespace Loyalty.Rules;

/// <summary>Adds campaign modifiers to a program or group builder. Each returns the builder.</summary>
public static class CampaignBuilderExtensions
{
    /// <summary>Adds a multiplier on the points earned so far (e.g. x2 on Tuesdays), when <paramref name="when"/> holds.</summary>
    /// <typeparam name="TBuilder">The builder type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="id">The rule id.</param>
    /// <param name="factor">The factor.</param>
    /// <param name="when">The condition; null for always.</param>
    /// <param name="description">A label for explanations, e.g. "Double Tuesday".</param>
    /// <returns>The builder.</returns>
    public static TBuilder AddMultiplier<TBuilder>(this TBuilder builder, string id, decimal factor, Condition? when, string? description = null)
        where TBuilder : EarnPipelineBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Add(new Multiplier { Id = id, Factor = factor, When = when, Description = description });
        return builder;
    }

    /// <summary>Adds an additive percentage of the rate-earned points (e.g. +10%), when <paramref name="when"/> holds.</summary>
    /// <typeparam name="TBuilder">The builder type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="id">The rule id.</param>
    /// <param name="percent">The percentage, e.g. 10.</param>
    /// <param name="when">The condition; null for always.</param>
    /// <returns>The builder.</returns>
    public static TBuilder AddPercentageBonus<TBuilder>(this TBuilder builder, string id, decimal percent, Condition? when)
        where TBuilder : EarnPipelineBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Add(new PercentageBonus { Id = id, Percent = percent, When = when });
        return builder;
    }

    /// <summary>Adds a tenure accelerator: a factor for the member's complete years of membership.</summary>
    /// <typeparam name="TBuilder">The builder type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="id">The rule id.</param>
    /// <param name="steps">Years and factor pairs in increasing years, e.g. (2, 1.1m), (5, 1.25m).</param>
    /// <returns>The builder.</returns>
    public static TBuilder AddTenureAccelerator<TBuilder>(this TBuilder builder, string id, params (int Years, decimal Factor)[] steps)
        where TBuilder : EarnPipelineBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(steps);
        builder.Add(new TenureAccelerator { Id = id, Steps = [.. steps.Select(s => new TenureStep(s.Years, s.Factor))] });
        return builder;
    }
}
