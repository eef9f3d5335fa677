using System;
using System.Globalization;

namespace Loyalty.Rules;

/// <summary>An exact amount of money: a <see cref="decimal"/> and an ISO 4217 currency code.</summary>
public readonly struct Money : IEquatable<Money>, IComparable<Money>
{
    private readonly string? currencyCode;

    /// <summary>Creates an amount of money.</summary>
    /// <param name="amount">The exact amount.</param>
    /// <param name="currency">An ISO 4217 code such as "USD".</param>
    /// <exception cref="ArgumentException">The currency is not three upper-case letters.</exception>
    public Money(decimal amount, string currency)
    {
        if (!Rules.Currency.IsValidCode(currency))
        {
            throw Preconditions.Invalid(nameof(currency), $"'{currency}' is not an ISO 4217 code (three upper-case letters).");
        }

        Amount = amount;
        currencyCode = currency;
    }

    /// <summary>The exact amount.</summary>
    public decimal Amount { get; }

    /// <summary>The ISO 4217 currency code.</summary>
    /// <remarks>"XXX" (no currency) for <c>default(Money)</c>.</remarks>
    public string Currency => currencyCode ?? "XXX";

    /// <summary>Adds two amounts of the same currency.</summary>
    /// <exception cref="InvalidOperationException">The currencies differ.</exception>
    public static Money operator +(Money left, Money right) => new(left.Amount + SameCurrency(left, right).Amount, left.Currency);

    /// <summary>Subtracts an amount of the same currency.</summary>
    /// <exception cref="InvalidOperationException">The currencies differ.</exception>
    public static Money operator -(Money left, Money right) => new(left.Amount - SameCurrency(left, right).Amount, left.Currency);

    /// <summary>Equality: same amount (numerically) and same currency.</summary>
    public static bool operator ==(Money left, Money right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(Money left, Money right) => !left.Equals(right);

    /// <summary>Less than, for the same currency.</summary>
    public static bool operator <(Money left, Money right) => left.CompareTo(right) < 0;

    /// <summary>Greater than, for the same currency.</summary>
    public static bool operator >(Money left, Money right) => left.CompareTo(right) > 0;

    /// <summary>Less than or equal, for the same currency.</summary>
    public static bool operator <=(Money left, Money right) => left.CompareTo(right) <= 0;

    /// <summary>Greater than or equal, for the same currency.</summary>
    public static bool operator >=(Money left, Money right) => left.CompareTo(right) >= 0;

    /// <summary>Adds an amount of the same currency (same as <c>+</c>).</summary>
    /// <param name="other">The amount to add.</param>
    /// <returns>The sum.</returns>
    public Money Plus(Money other) => this + other;

    /// <summary>Subtracts an amount of the same currency (same as <c>-</c>).</summary>
    /// <param name="other">The amount to subtract.</param>
    /// <returns>The difference.</returns>
    public Money Minus(Money other) => this - other;

    /// <inheritdoc />
    public bool Equals(Money other) => Amount == other.Amount && string.Equals(Currency, other.Currency, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Money other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Amount, Currency);

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The currencies differ.</exception>
    public int CompareTo(Money other) => Amount.CompareTo(SameCurrency(this, other).Amount);

    /// <summary>The amount (at least the currency's minor-unit decimals) and code in invariant culture, e.g. "35.00 USD".</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        int digits = Rules.Currency.IsValidCode(Currency) ? Rules.Currency.MinorUnitDigits(Currency) : 2;
        string format = digits == 0 ? "0.############################" : "0." + new string('0', digits) + "############################";
        return $"{Amount.ToString(format, CultureInfo.InvariantCulture)} {Currency}";
    }

    private static Money SameCurrency(Money left, Money right)
        => string.Equals(left.Currency, right.Currency, StringComparison.Ordinal)
            ? right
            : throw new InvalidOperationException($"Cannot combine {left.Currency} with {right.Currency}.");
}
