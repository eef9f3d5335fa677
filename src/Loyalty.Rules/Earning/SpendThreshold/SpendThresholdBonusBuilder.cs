namespace Loyalty.Rules;

public static partial class EarningBuilderExtensions
{
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
        Preconditions.NotNull(builder, nameof(builder));
        builder.Add(new SpendThresholdBonus { Id = id, MinimumSpend = minimumSpend, Points = points });
        return builder;
    }
}
