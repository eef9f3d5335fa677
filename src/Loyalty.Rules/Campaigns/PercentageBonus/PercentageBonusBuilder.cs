namespace Loyalty.Rules;

public static partial class CampaignBuilderExtensions
{
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
        Preconditions.NotNull(builder, nameof(builder));
        builder.Add(new PercentageBonus { Id = id, Percent = percent, When = when });
        return builder;
    }
}
