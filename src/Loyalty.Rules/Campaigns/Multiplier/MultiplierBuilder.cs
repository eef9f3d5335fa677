namespace Loyalty.Rules;

/// <summary>Adds campaign modifiers to a program or group builder. Each returns the builder.</summary>
public static partial class CampaignBuilderExtensions
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
        Preconditions.NotNull(builder, nameof(builder));
        builder.Add(new Multiplier { Id = id, Factor = factor, When = when, Description = description });
        return builder;
    }
}
