using System;

namespace Loyalty.Rules;

/// <summary>Adds policy groups (sum, best-of, first-match) to a program or group builder.</summary>
public static partial class CompositionBuilderExtensions
{
    /// <summary>Adds a group whose members are added by <paramref name="members"/>.</summary>
    /// <typeparam name="TBuilder">The builder type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="id">The group id.</param>
    /// <param name="composition">How the members combine.</param>
    /// <param name="members">Adds the members, in order.</param>
    /// <param name="when">A condition gating the whole group; null for always.</param>
    /// <returns>The builder.</returns>
    public static TBuilder AddGroup<TBuilder>(this TBuilder builder, string id, Composition composition, Action<PolicyGroupBuilder> members, Condition? when = null)
        where TBuilder : EarnPipelineBuilder
    {
        Preconditions.NotNull(builder, nameof(builder));
        Preconditions.NotNull(members, nameof(members));
        var group = new PolicyGroupBuilder();
        members(group);
        builder.Add(new PolicyGroup { Id = id, Composition = composition, Policies = [.. group.Policies], When = when });
        return builder;
    }

    /// <summary>Adds a group where only the member that adds the most points counts.</summary>
    /// <typeparam name="TBuilder">The builder type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="id">The group id.</param>
    /// <param name="members">Adds the members.</param>
    /// <returns>The builder.</returns>
    public static TBuilder AddBestOf<TBuilder>(this TBuilder builder, string id, Action<PolicyGroupBuilder> members)
        where TBuilder : EarnPipelineBuilder
        => builder.AddGroup(id, Composition.BestOf, members);

    /// <summary>Adds an exclusive group: the first member (by priority) whose conditions hold counts.</summary>
    /// <typeparam name="TBuilder">The builder type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="id">The group id.</param>
    /// <param name="members">Adds the members.</param>
    /// <returns>The builder.</returns>
    public static TBuilder AddFirstMatch<TBuilder>(this TBuilder builder, string id, Action<PolicyGroupBuilder> members)
        where TBuilder : EarnPipelineBuilder
        => builder.AddGroup(id, Composition.FirstMatch, members);
}
