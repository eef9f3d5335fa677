using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Orleans;
using Orleans.Runtime;

namespace Loyalty.Rules.Samples.Orleans;

/// <summary>A claim on a campaign budget, as a member grain sends it (from the library's <see cref="BudgetClaim"/>).</summary>
[GenerateSerializer, Immutable, Alias("loyalty.claim")]
public sealed record ClaimRequest(
    [property: Id(0)] string EventId,
    [property: Id(1)] string MemberId,
    [property: Id(2)] long Points,
    [property: Id(3)] bool AllowPartial);

/// <summary>What a budget grain keeps: the points left, and the claims it decided by event (so a retried claim is answered, not charged twice).</summary>
[GenerateSerializer, Alias("loyalty.budget")]
public sealed class BudgetState
{
    /// <summary>The points left; null until the first claim (then the offer's budget).</summary>
    [Id(0)]
    public long? Left { get; set; }

    /// <summary>The points granted, by event id.</summary>
    [Id(1)]
    public Dictionary<string, long> Granted { get; set; } = [];
}

/// <summary>
/// One campaign budget (the grain's key is the offer id) or one reward's stock (key <c>stock:{rewardId}</c>, in units,
/// set by <see cref="SetStock"/>): decides and commits claims one at a time.
/// </summary>
public interface IBudgetGrain : IGrainWithStringKey
{
    /// <summary>The grain key of a claim: the offer id, or <c>stock:{rewardId}</c> for a reward's stock.</summary>
    static string KeyOf(BudgetClaim claim) => claim.IsRewardStock ? $"stock:{claim.OfferId}" : claim.OfferId;

    /// <summary>Sets the units of a reward's stock (the host's count; a stock grain without one has none).</summary>
    Task SetStock(long units);

    /// <summary>Decides a claim against what is left and commits it: the points granted (all, part when the budget allows, or none).</summary>
    Task<long> Claim(ClaimRequest claim);

    /// <summary>The points left.</summary>
    Task<long> Left();
}

/// <summary>
/// A campaign budget shared by every member: Orleans runs one call at a time, and the decision is written before it is
/// answered, so the budget is never overspent however many members race for it.
/// </summary>
public sealed class BudgetGrain(
    [PersistentState("budget", MemberGrain.Storage)] IPersistentState<BudgetState> state,
    LoyaltyProgram program) : Grain, IBudgetGrain
{
    /// <inheritdoc />
    public async Task<long> Claim(ClaimRequest claim)
    {
        System.ArgumentNullException.ThrowIfNull(claim);
        if (state.State.Granted.TryGetValue(claim.EventId, out long already))
        {
            return already;
        }

        long left = state.State.Left ?? Budget();
        long granted = left >= claim.Points ? claim.Points : claim.AllowPartial ? left : 0;
        state.State.Left = left - granted;
        state.State.Granted[claim.EventId] = granted;
        await state.WriteStateAsync();
        return granted;
    }

    /// <inheritdoc />
    public Task<long> Left() => Task.FromResult(state.State.Left ?? Budget());

    /// <inheritdoc />
    public async Task SetStock(long units)
    {
        System.ArgumentOutOfRangeException.ThrowIfNegative(units);
        state.State.Left = units;
        await state.WriteStateAsync();
    }

    private long Budget()
    {
        string offer = this.GetPrimaryKeyString();
        if (offer.StartsWith("stock:", System.StringComparison.Ordinal))
        {
            return 0; // a stock nobody counted: out of stock
        }

        return program.BudgetedOffers.FirstOrDefault(o => o.Id == offer)?.Budget?.Points.Value
            ?? throw new System.InvalidOperationException($"program '{program.Id}' has no budgeted offer '{offer}'.");
    }
}
