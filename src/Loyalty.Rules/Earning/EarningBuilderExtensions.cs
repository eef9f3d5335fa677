namespace Loyalty.Rules;

/// <summary>Adds earn rules, bonuses and caps to a program or group builder. Each returns the builder.</summary>
public static partial class EarningBuilderExtensions
{
    /// <summary>Adds any earn policy (rule, modifier, group or cap) at the end of the pipeline.</summary>
    /// <typeparam name="TBuilder">The builder type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="policy">The policy.</param>
    /// <returns>The builder.</returns>
    public static TBuilder AddPolicy<TBuilder>(this TBuilder builder, EarnPolicy policy)
        where TBuilder : EarnPipelineBuilder
    {
        Preconditions.NotNull(builder, nameof(builder));
        builder.Add(policy);
        return builder;
    }
}
