using System;
namespace Loyalty.Rules;

/// <summary>How points are spent: minimum, increments, and their value in money.</summary>
public sealed record RedemptionPolicy
{
    /// <summary>Any whole number of points, 100 points = 1.00 of the program currency: the default.</summary>
    public static RedemptionPolicy Default { get; } = new();

    /// <summary>The fewest points one redemption may use. Default 1.</summary>
    public Points Minimum { get; init; } = 1;

    /// <summary>Redemptions are whole multiples of this (e.g. blocks of 100). Default 1.</summary>
    public Points Increment { get; init; } = 1;

    /// <summary>How many points make 1.00 of the program currency. Default 100.</summary>
    public decimal PointsPerCurrencyUnit { get; init; } = 100m;

    /// <summary>
    /// The causes members may donate points to (a redemption whose <see cref="RedemptionEvent.Cause"/> is one of them);
    /// empty (the default) when the program offers no donations.
    /// </summary>
    public System.Collections.Generic.IReadOnlyList<string> Causes { get; init; } = [];

    /// <inheritdoc />
    public bool Equals(RedemptionPolicy? other)
        => other is not null && Minimum == other.Minimum && Increment == other.Increment && PointsPerCurrencyUnit == other.PointsPerCurrencyUnit
           && System.Linq.Enumerable.SequenceEqual(Causes, other.Causes);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Minimum, Increment, PointsPerCurrencyUnit, Causes.Count);

    internal void Validate(ProgramCheck check, string path)
    {
        check.Positive(path + ".minimum", Minimum);
        check.Positive(path + ".increment", Increment);
        if (PointsPerCurrencyUnit <= 0m)
        {
            check.Fail(path + ".pointsPerCurrencyUnit", FormattableString.Invariant($"must be positive, was {PointsPerCurrencyUnit}."));
        }

        check.Names(path + ".causes", Causes);
    }
}

/// <summary>
/// An automatic reward when a member's spend counter crosses a step: "spend 35.00, get a 5.00 reward"; what is
/// above the step is carried to the next one.
/// </summary>
public sealed record SpendReward
{
    /// <summary>The spend that earns one reward; positive.</summary>
    public required decimal Step { get; init; }

    /// <summary>What the reward is worth, in the program currency; positive.</summary>
    public required decimal RewardValue { get; init; }

    /// <summary>A name for the reward, e.g. "5.00 off".</summary>
    public string Name { get; init; } = "spend reward";

    /// <summary>How many local days each reward's voucher is valid, the day of issue included; null (the default) for no end.</summary>
    public int? ValidForDays { get; init; }

    /// <summary>The <see cref="Voucher.RewardId"/> of a spend reward's vouchers.</summary>
    public const string RewardId = "spendReward";

    internal void Validate(ProgramCheck check, string path)
    {
        if (Step <= 0m)
        {
            check.Fail(path + ".step", FormattableString.Invariant($"must be positive, was {Step}."));
        }

        if (RewardValue <= 0m)
        {
            check.Fail(path + ".rewardValue", FormattableString.Invariant($"must be positive, was {RewardValue}."));
        }

        check.VoucherDays(path + ".validForDays", ValidForDays);
    }
}
