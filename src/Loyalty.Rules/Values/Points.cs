using System;
using System.Globalization;

namespace Loyalty.Rules;

/// <summary>
/// A whole number of loyalty points. Arithmetic is checked: it throws <see cref="OverflowException"/>
/// rather than wrapping. Points may be negative (a reversal or a negative adjustment).
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(PointsJsonConverter))]
public readonly struct Points : IEquatable<Points>, IComparable<Points>, IComparable
{
    /// <summary>Creates a number of points.</summary>
    /// <param name="value">The whole number of points.</param>
    public Points(long value) => Value = value;

    /// <summary>Zero points.</summary>
    public static Points Zero => default;

    /// <summary>The number of points.</summary>
    public long Value { get; }

    /// <summary>Creates a number of points from a whole number.</summary>
    /// <param name="value">The number of points.</param>
    /// <returns>The points.</returns>
    public static Points FromInt64(long value) => new(value);

    /// <summary>A whole number as points, so that a plain number can stand where points are asked for.</summary>
    /// <param name="value">The number of points.</param>
    public static implicit operator Points(long value) => new(value);

    /// <summary>Adds two amounts of points.</summary>
    /// <exception cref="OverflowException">The sum does not fit in 64 bits.</exception>
    public static Points operator +(Points left, Points right) => new(checked(left.Value + right.Value));

    /// <summary>Subtracts an amount of points.</summary>
    /// <exception cref="OverflowException">The difference does not fit in 64 bits.</exception>
    public static Points operator -(Points left, Points right) => new(checked(left.Value - right.Value));

    /// <summary>Negates an amount of points.</summary>
    /// <exception cref="OverflowException">The value is <see cref="long.MinValue"/>.</exception>
    public static Points operator -(Points points) => new(checked(-points.Value));

    /// <summary>Multiplies points by a whole number.</summary>
    /// <exception cref="OverflowException">The product does not fit in 64 bits.</exception>
    public static Points operator *(Points points, long factor) => new(checked(points.Value * factor));

    /// <summary>Equality.</summary>
    public static bool operator ==(Points left, Points right) => left.Value == right.Value;

    /// <summary>Inequality.</summary>
    public static bool operator !=(Points left, Points right) => left.Value != right.Value;

    /// <summary>Less than.</summary>
    public static bool operator <(Points left, Points right) => left.Value < right.Value;

    /// <summary>Greater than.</summary>
    public static bool operator >(Points left, Points right) => left.Value > right.Value;

    /// <summary>Less than or equal.</summary>
    public static bool operator <=(Points left, Points right) => left.Value <= right.Value;

    /// <summary>Greater than or equal.</summary>
    public static bool operator >=(Points left, Points right) => left.Value >= right.Value;

    /// <summary>Adds two amounts of points (same as <c>+</c>).</summary>
    /// <param name="other">The points to add.</param>
    /// <returns>The sum.</returns>
    public Points Plus(Points other) => this + other;

    /// <summary>Subtracts an amount of points (same as <c>-</c>).</summary>
    /// <param name="other">The points to subtract.</param>
    /// <returns>The difference.</returns>
    public Points Minus(Points other) => this - other;

    /// <summary>The smaller of two amounts.</summary>
    /// <param name="left">One amount.</param>
    /// <param name="right">The other amount.</param>
    /// <returns>The smaller amount.</returns>
    public static Points Min(Points left, Points right) => left.Value <= right.Value ? left : right;

    /// <inheritdoc />
    public bool Equals(Points other) => Value == other.Value;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Points other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Value.GetHashCode();

    /// <inheritdoc />
    public int CompareTo(Points other) => Value.CompareTo(other.Value);

    /// <inheritdoc />
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        Points other => CompareTo(other),
        _ => throw Preconditions.Invalid(nameof(obj), "must be Points."),
    };

    /// <summary>The number of points in invariant culture, e.g. "151".</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
