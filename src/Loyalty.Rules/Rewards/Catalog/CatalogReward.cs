using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>
/// A reward of the program's catalog that members spend points on (<see cref="RewardRedemptionEvent"/>): a price in
/// points (and optionally money on top), what it is worth, who may have it and when, how often per member, and
/// whether its stock is limited. Redeeming it takes the points (soonest-expiring first) and issues a
/// <see cref="Voucher"/>.
/// </summary>
public sealed record CatalogReward
{
    /// <summary>The reward id, unique in the program (and not the id of an earn rule: a stock claim names it).</summary>
    public required string Id { get; init; }

    /// <summary>The name members see, e.g. "A free drink".</summary>
    public required string Name { get; init; }

    /// <summary>The price in points; positive.</summary>
    public required Points Points { get; init; }

    /// <summary>Money the member pays on top of the points (points + money), in the program currency; 0 (the default) for none.</summary>
    public decimal Price { get; init; }

    /// <summary>
    /// What the voucher is worth, in the program currency: the discount it gives, or for a free product the most the
    /// product may cost ("a free item up to 5.00"); positive.
    /// </summary>
    public required decimal Value { get; init; }

    /// <summary>For a free product reward, the product or category the voucher pays for (e.g. "drink"); null for a discount.</summary>
    public string? Product { get; init; }

    /// <summary>The tiers whose members may redeem it; empty (the default) for every member.</summary>
    public ImmutableArray<string> Tiers { get; init; } = [];

    /// <summary>The segments whose members may redeem it (any one of them); empty (the default) for every member.</summary>
    public ImmutableArray<string> Segments { get; init; } = [];

    /// <summary>The channels it may be redeemed in (<see cref="RewardRedemptionEvent.Channel"/>); empty (the default) for any.</summary>
    public ImmutableArray<string> Channels { get; init; } = [];

    /// <summary>The first local date (program zone) it may be redeemed on, or null for no start.</summary>
    public LocalDate? AvailableFrom { get; init; }

    /// <summary>The last local date (program zone) it may be redeemed on, or null for no end.</summary>
    public LocalDate? AvailableUntil { get; init; }

    /// <summary>How many times one member may redeem it per local calendar period (vouchers voided by a cancellation do not count); null for no limit.</summary>
    public RewardLimit? Limit { get; init; }

    /// <summary>
    /// Whether its stock is limited and shared by all members: each redemption claims one unit through the claim
    /// protocol of campaign budgets (<see cref="BudgetClaim"/> with <see cref="BudgetClaim.IsRewardStock"/>, its
    /// <see cref="BudgetClaim.OfferId"/> this reward's id); the host keeps what is left. Default false.
    /// </summary>
    public bool Stocked { get; init; }

    /// <summary>How many local days its voucher is valid, the day of issue included; null (the default) for no end.</summary>
    public int? ValidForDays { get; init; }

    /// <inheritdoc />
    public bool Equals(CatalogReward? other)
        => other is not null && Id == other.Id && Name == other.Name && Points == other.Points && Price == other.Price && Value == other.Value
           && Product == other.Product && Same(Tiers, other.Tiers) && Same(Segments, other.Segments) && Same(Channels, other.Channels)
           && AvailableFrom == other.AvailableFrom && AvailableUntil == other.AvailableUntil && Limit == other.Limit && Stocked == other.Stocked
           && ValidForDays == other.ValidForDays;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, Points, Value);

    private static bool Same(ImmutableArray<string> a, ImmutableArray<string> b) => (a.IsDefault ? [] : a).SequenceEqual(b.IsDefault ? [] : b);

    /// <summary>Whether a member of <paramref name="tierId"/> and <paramref name="segments"/> in <paramref name="channel"/> on <paramref name="date"/> may redeem it; else why not.</summary>
    internal string? Refusal(string? tierId, System.Collections.Generic.IReadOnlySet<string> segments, string? channel, LocalDate date)
    {
        if (AvailableFrom is { } from && date < from)
        {
            return string.Create(CultureInfo.InvariantCulture, $"reward '{Id}' can be redeemed from {from:uuuu-MM-dd}, not on {date:uuuu-MM-dd}.");
        }

        if (AvailableUntil is { } until && date > until)
        {
            return string.Create(CultureInfo.InvariantCulture, $"reward '{Id}' could be redeemed until {until:uuuu-MM-dd}, not on {date:uuuu-MM-dd}.");
        }

        if (!Tiers.IsDefaultOrEmpty && (tierId is null || !Tiers.Contains(tierId)))
        {
            return $"reward '{Id}' is for tiers {string.Join(", ", Tiers)}; the member's tier is {tierId ?? "none"}.";
        }

        if (!Segments.IsDefaultOrEmpty && !Segments.Any(segments.Contains))
        {
            return $"reward '{Id}' is for segments {string.Join(", ", Segments)}; the member is in none of them.";
        }

        if (!Channels.IsDefaultOrEmpty && (channel is null || !Channels.Contains(channel)))
        {
            return $"reward '{Id}' can be redeemed in {string.Join(", ", Channels)}, not in {channel ?? "no named channel"}.";
        }

        return null;
    }

    internal void Validate(ProgramCheck check, string path)
    {
        if (string.IsNullOrWhiteSpace(Id))
        {
            check.Fail(path + ".id", "is required.");
        }
        else if (Preconditions.IdProblem(Id) is { } problem)
        {
            check.Fail(path + ".id", problem);
        }

        if (string.IsNullOrWhiteSpace(Name))
        {
            check.Fail(path + ".name", "is required.");
        }

        check.Positive(path + ".points", Points);
        check.NotNegative(path + ".price", Price);
        if (Value <= 0m)
        {
            check.Fail(path + ".value", string.Create(CultureInfo.InvariantCulture, $"must be positive, was {Value}."));
        }

        if (Product is not null && string.IsNullOrWhiteSpace(Product))
        {
            check.Fail(path + ".product", "must not be empty (leave it out for a discount).");
        }

        for (int i = 0; i < (Tiers.IsDefault ? 0 : Tiers.Length); i++)
        {
            check.Tier($"{path}.tiers[{i}]", Tiers[i]);
        }

        check.Names(path + ".tiers", Tiers.IsDefault ? [] : Tiers);
        check.Names(path + ".segments", Segments.IsDefault ? [] : Segments);
        check.Names(path + ".channels", Channels.IsDefault ? [] : Channels);
        if (AvailableFrom is { } from && AvailableUntil is { } until && until < from)
        {
            check.Fail(path + ".availableUntil", string.Create(CultureInfo.InvariantCulture, $"{until:uuuu-MM-dd} is before availableFrom {from:uuuu-MM-dd}."));
        }

        Limit?.Validate(check, path + ".limit");
        check.VoucherDays(path + ".validForDays", ValidForDays);
    }
}

/// <summary>At most <see cref="Count"/> redemptions of one reward per member per local calendar <see cref="Period"/>.</summary>
/// <param name="Count">How many; at least 1.</param>
/// <param name="Period">The calendar period (program zone).</param>
public sealed record RewardLimit(int Count, CalendarPeriod Period)
{
    internal void Validate(ProgramCheck check, string path)
    {
        if (Count < 1)
        {
            check.Fail(path + ".count", string.Create(CultureInfo.InvariantCulture, $"must be 1 or more, was {Count}."));
        }

        if (!Enum.IsDefined(Period))
        {
            check.Fail(path + ".period", $"'{Period}' is not a calendar period.");
        }
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Count} per {Period.ToString().ToLowerInvariant()}");
}
