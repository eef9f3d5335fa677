using System.Collections.Generic;

namespace Loyalty.Rules;

/// <summary>
/// Collects earn policies in order: the order of <c>Add</c> calls is the order of evaluation. Base of the
/// program builder and the group builder; the <c>Add*</c> extension methods of each policy kind target it.
/// </summary>
public abstract class EarnPipelineBuilder
{
    private readonly List<EarnPolicy> policies = [];

    private protected EarnPipelineBuilder()
    {
    }

    /// <summary>The policies added so far, in order.</summary>
    internal IReadOnlyList<EarnPolicy> Policies => policies;

    /// <summary>Adds a policy at the end of the pipeline. It is validated, with the whole program, when built.</summary>
    /// <param name="policy">The policy.</param>
    /// <exception cref="System.ArgumentNullException"><paramref name="policy"/> is null.</exception>
    /// <exception cref="System.InvalidOperationException">The builder was already used.</exception>
    public void Add(EarnPolicy policy)
    {
        Preconditions.NotNull(policy, nameof(policy));
        EnsureOpen();
        policies.Add(policy);
    }

    private protected virtual void EnsureOpen()
    {
    }
}

/// <summary>Builds the members of a <see cref="PolicyGroup"/>.</summary>
public sealed class PolicyGroupBuilder : EarnPipelineBuilder
{
    internal PolicyGroupBuilder()
    {
    }
}
