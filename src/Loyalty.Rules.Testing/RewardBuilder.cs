using System.Collections.Generic;
using System.Linq;
using NodaTime;

namespace Loyalty.Rules.Testing;

/// <summary>Builds a <see cref="CatalogReward"/> with sensible defaults (named after its id, worth 5.00, for anyone, any time, unlimited).</summary>
/// <example><code>var drink = new RewardBuilder("free-drink", 150).FreeProduct("drink", upTo: 4.50m).Limit(2, CalendarPeriod.Month).ValidFor(30).Build();</code></example>
public sealed class RewardBuilder
{
    private readonly List<string> tiers = [];
    private readonly List<string> segments = [];
    private readonly List<string> channels = [];
    private CatalogReward reward;

    /// <summary>Starts a reward.</summary>
    /// <param name="id">The reward id.</param>
    /// <param name="points">Its price in points.</param>
    public RewardBuilder(string id, long points) => reward = new CatalogReward { Id = id, Name = id, Points = points, Value = 5.00m };

    /// <summary>A discount worth <paramref name="value"/>.</summary>
    /// <param name="value">The discount, in the program currency.</param>
    /// <returns>This builder.</returns>
    public RewardBuilder Worth(decimal value)
    {
        reward = reward with { Value = value, Product = null };
        return this;
    }

    /// <summary>A free product, up to a value.</summary>
    /// <param name="product">The product or category.</param>
    /// <param name="upTo">The most it may cost.</param>
    /// <returns>This builder.</returns>
    public RewardBuilder FreeProduct(string product, decimal upTo)
    {
        reward = reward with { Product = product, Value = upTo };
        return this;
    }

    /// <summary>Money paid on top of the points.</summary>
    /// <param name="price">The money.</param>
    /// <returns>This builder.</returns>
    public RewardBuilder PlusMoney(decimal price)
    {
        reward = reward with { Price = price };
        return this;
    }

    /// <summary>For members of these tiers only.</summary>
    /// <param name="tierIds">The tiers.</param>
    /// <returns>This builder.</returns>
    public RewardBuilder ForTiers(params string[] tierIds)
    {
        tiers.AddRange(tierIds);
        return this;
    }

    /// <summary>For members of any of these segments only.</summary>
    /// <param name="segmentIds">The segments.</param>
    /// <returns>This builder.</returns>
    public RewardBuilder ForSegments(params string[] segmentIds)
    {
        segments.AddRange(segmentIds);
        return this;
    }

    /// <summary>Redeemable in these channels only.</summary>
    /// <param name="channelIds">The channels.</param>
    /// <returns>This builder.</returns>
    public RewardBuilder InChannels(params string[] channelIds)
    {
        channels.AddRange(channelIds);
        return this;
    }

    /// <summary>Redeemable on these local dates only.</summary>
    /// <param name="from">The first date, or null.</param>
    /// <param name="until">The last date, or null.</param>
    /// <returns>This builder.</returns>
    public RewardBuilder Available(LocalDate? from, LocalDate? until)
    {
        reward = reward with { AvailableFrom = from, AvailableUntil = until };
        return this;
    }

    /// <summary>At most <paramref name="count"/> per member per calendar period.</summary>
    /// <param name="count">How many.</param>
    /// <param name="period">The period.</param>
    /// <returns>This builder.</returns>
    public RewardBuilder Limit(int count, CalendarPeriod period)
    {
        reward = reward with { Limit = new RewardLimit(count, period) };
        return this;
    }

    /// <summary>Its stock is limited (keep it with <see cref="LoyaltyBudgets.WithStock"/>).</summary>
    /// <returns>This builder.</returns>
    public RewardBuilder Stocked()
    {
        reward = reward with { Stocked = true };
        return this;
    }

    /// <summary>Its vouchers are valid for <paramref name="days"/> local days.</summary>
    /// <param name="days">The days, the day of issue included.</param>
    /// <returns>This builder.</returns>
    public RewardBuilder ValidFor(int days)
    {
        reward = reward with { ValidForDays = days };
        return this;
    }

    /// <summary>Builds the reward (the program validates it when it is built).</summary>
    /// <returns>The reward.</returns>
    public CatalogReward Build() => reward with { Tiers = [.. tiers], Segments = [.. segments], Channels = [.. channels] };
}
