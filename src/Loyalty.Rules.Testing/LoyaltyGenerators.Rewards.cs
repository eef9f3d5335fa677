using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;

namespace Loyalty.Rules.Testing;

/// <summary>Generators of reward catalogs and reminder policies.</summary>
public static partial class LoyaltyGenerators
{
    /// <summary>
    /// A catalog of up to <paramref name="most"/> valid rewards (ids <c>reward-0</c>, <c>reward-1</c>, ...): discounts and
    /// free products, points and points + money, some for some of <paramref name="tiers"/>, segments or channels, in a
    /// date window, limited per member, stocked, with vouchers valid for some days or with no end.
    /// </summary>
    /// <param name="tiers">The program's tiers (a reward may be for some of them).</param>
    /// <param name="most">The most rewards; 0 or more.</param>
    /// <returns>The generator.</returns>
    public static Gen<ImmutableArray<CatalogReward>> RewardCatalog(IReadOnlyList<string> tiers, int most = 3) =>
        from count in Gen.Choose(0, most)
        from rewards in Gen.ListOf(CatalogReward(tiers), count)
        select rewards.Select((r, i) => r with { Id = $"reward-{i}" }).ToImmutableArray();

    /// <summary>One valid catalog reward (id <c>reward</c>), as <see cref="RewardCatalog"/> makes them.</summary>
    /// <param name="tiers">The program's tiers.</param>
    /// <returns>The generator.</returns>
    public static Gen<CatalogReward> CatalogReward(IReadOnlyList<string> tiers) =>
        from points in Gen.Elements(50L, 150L, 500L, 1_000L)
        from price in Gen.Elements(0m, 0m, 2.50m)
        from value in Gen.Elements(1.00m, 4.50m, 5.00m, 25.00m)
        from product in Gen.Elements<string?>(null, "drink", "pastry")
        from tier in Gen.Elements<string?>([null, .. tiers])
        from segment in Gen.Elements<string?>(null, "vip")
        from channel in Gen.Elements<string?>(null, "app")
        from window in Gen.Elements(false, true)
        from limit in Gen.Elements<RewardLimit?>(null, new RewardLimit(1, CalendarPeriod.Day), new RewardLimit(2, CalendarPeriod.Month), new RewardLimit(3, CalendarPeriod.Year))
        from stocked in Gen.Elements(false, true)
        from days in Gen.Elements<int?>(null, 7, 30, 365)
        select new CatalogReward
        {
            Id = "reward",
            Name = product is null ? $"{value} off" : $"a free {product}",
            Points = points,
            Price = price,
            Value = value,
            Product = product,
            Tiers = tier is null ? [] : [tier],
            Segments = segment is null ? [] : [segment],
            Channels = channel is null ? [] : [channel],
            AvailableFrom = window ? new LocalDate(2026, 1, 1) : null,
            AvailableUntil = window ? new LocalDate(2026, 12, 31) : null,
            Limit = limit,
            Stocked = stocked,
            ValidForDays = days,
        };

    /// <summary>A valid reminder policy: one to three days before, for points, vouchers or both.</summary>
    /// <returns>The generator.</returns>
    public static Gen<ReminderPolicy> Reminders() =>
        from days in Gen.Elements<int[]>([7], [30, 7], [60, 30, 1])
        from what in Gen.Elements((true, true), (true, false), (false, true))
        select new ReminderPolicy { DaysBefore = [.. days], Points = what.Item1, Vouchers = what.Item2 };
}
