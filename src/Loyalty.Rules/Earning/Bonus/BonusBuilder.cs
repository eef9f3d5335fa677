namespace Loyalty.Rules;

public static partial class EarningBuilderExtensions
{
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
        Preconditions.NotNull(builder, nameof(builder));
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
        Preconditions.NotNull(builder, nameof(builder));
        builder.Add(new FirstPurchaseBonus { Id = id, Points = points });
        return builder;
    }
}
