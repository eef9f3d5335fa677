using System.Globalization;

namespace Loyalty.Rules;

/// <summary>What one side of a qualified referral gets: points, or a named reward (a discount, a free product).</summary>
public sealed record ReferralReward
{
    private ReferralReward(Points points, string? name, decimal value)
    {
        Points = points;
        Name = name;
        Value = value;
    }

    /// <summary>The points paid (0 for a named reward).</summary>
    public Points Points { get; }

    /// <summary>The named reward the host issues (e.g. "free-drink"), or null for points.</summary>
    public string? Name { get; }

    /// <summary>What a named reward costs the program, in its currency (used by the return-on-investment guard).</summary>
    public decimal Value { get; }

    /// <summary>For a named reward, how many local days its voucher is valid, the day of issue included; null (the default) for no end.</summary>
    public int? ValidForDays { get; init; }

    /// <summary>A reward of points.</summary>
    /// <param name="points">The points; positive.</param>
    /// <returns>The reward.</returns>
    public static ReferralReward OfPoints(Points points) => new(points, null, 0m);

    /// <summary>A named reward the host issues (the ledger records it with zero points).</summary>
    /// <param name="name">Its name.</param>
    /// <param name="value">What it costs the program, in the program currency; not negative.</param>
    /// <returns>The reward.</returns>
    public static ReferralReward Named(string name, decimal value) => new(0, name, value);

    internal decimal Cost(RedemptionPolicy redemption) => Name is null ? Points.Value / redemption.PointsPerCurrencyUnit : Value;

    internal void Validate(ProgramCheck check, string path)
    {
        if (Name is null)
        {
            check.Award(path + ".points", Points);
        }
        else
        {
            if (string.IsNullOrWhiteSpace(Name))
            {
                check.Fail(path + ".name", "must not be empty.");
            }

            check.NotNegative(path + ".value", Value);
        }

        if (Name is null && ValidForDays is not null)
        {
            check.Fail(path + ".validForDays", "is for a named reward's voucher: points have their lot policy.");
        }

        check.VoucherDays(path + ".validForDays", ValidForDays);
    }

    /// <inheritdoc />
    public override string ToString() => Name is null ? $"{Points} points" : string.Create(CultureInfo.InvariantCulture, $"{Name} (worth {Value})");
}
