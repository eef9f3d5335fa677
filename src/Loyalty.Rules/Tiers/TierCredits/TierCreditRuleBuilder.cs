
namespace Loyalty.Rules;

public static partial class TierBuilderExtensions
{
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
        Preconditions.NotNull(builder, nameof(builder));
        builder.Add(new TierCreditRule { Id = id, CreditsPerUnit = perUnit, FixedCredits = fixedCredits, When = when });
        return builder;
    }
}
