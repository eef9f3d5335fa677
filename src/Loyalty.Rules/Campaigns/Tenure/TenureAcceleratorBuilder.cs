using System.Linq;

namespace Loyalty.Rules;

public static partial class CampaignBuilderExtensions
{
    /// <summary>Adds a tenure accelerator: a factor for the member's complete years of membership.</summary>
    /// <typeparam name="TBuilder">The builder type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="id">The rule id.</param>
    /// <param name="steps">Years and factor pairs in increasing years, e.g. (2, 1.1m), (5, 1.25m).</param>
    /// <returns>The builder.</returns>
    public static TBuilder AddTenureAccelerator<TBuilder>(this TBuilder builder, string id, params (int Years, decimal Factor)[] steps)
        where TBuilder : EarnPipelineBuilder
    {
        Preconditions.NotNull(builder, nameof(builder));
        Preconditions.NotNull(steps, nameof(steps));
        builder.Add(new TenureAccelerator { Id = id, Steps = [.. steps.Select(s => new TenureStep(s.Years, s.Factor))] });
        return builder;
    }
}
