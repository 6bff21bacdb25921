using System.Globalization;

namespace AdPilot.Core.Domain;

/// <summary>An amount of money at rest: a <see cref="decimal"/> with its ISO 4217 currency.</summary>
public readonly record struct Money
{
    /// <summary>Initializes a new instance of the <see cref="Money"/> struct.</summary>
    /// <param name="amount">The amount, in major units (12.34, not 1234 cents).</param>
    /// <param name="currency">A three-letter ISO 4217 code, e.g. USD.</param>
    public Money(decimal amount, string currency)
    {
        if (!IsCurrencyCode(currency))
        {
            throw new ArgumentException($"'{currency}' is not a three-letter ISO 4217 currency code", nameof(currency));
        }

        Amount = amount;
        Currency = currency;
    }

    /// <summary>Gets the amount in major units.</summary>
    public decimal Amount { get; }

    /// <summary>Gets the ISO 4217 currency code.</summary>
    public string Currency { get; }

    /// <summary>Adds two amounts of one currency.</summary>
    /// <param name="left">One.</param>
    /// <param name="right">The other.</param>
    /// <returns>The sum.</returns>
    /// <exception cref="InvalidOperationException">The currencies differ.</exception>
    public static Money operator +(Money left, Money right)
    {
        if (!string.Equals(left.Currency, right.Currency, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"cannot add {right.Currency} to {left.Currency}");
        }

        return new Money(left.Amount + right.Amount, left.Currency);
    }

    /// <summary>Adds two amounts of one currency.</summary>
    /// <param name="other">The other amount.</param>
    /// <returns>The sum.</returns>
    public Money Add(Money other) => this + other;

    /// <summary>Converts a simulator figure to money, rounded half-even to the currency's minor unit (cents).</summary>
    /// <param name="amount">The amount.</param>
    /// <param name="currency">The currency.</param>
    /// <returns>The money.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The amount is not finite or beyond <see cref="decimal"/>'s range.</exception>
    public static Money FromDouble(double amount, string currency)
    {
        if (!double.IsFinite(amount) || Math.Abs(amount) > (double)decimal.MaxValue / 2)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "an amount of money must be a finite number within decimal's range");
        }

        return new(Math.Round((decimal)amount, 2, MidpointRounding.ToEven), currency);
    }

    /// <summary>Whether <paramref name="code"/> looks like an ISO 4217 code (three upper-case letters).</summary>
    /// <param name="code">The code.</param>
    /// <returns>Whether it is well formed.</returns>
    public static bool IsCurrencyCode(string? code) =>
        code is { Length: 3 } && code.All(c => c is >= 'A' and <= 'Z');

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Amount:0.00} {Currency}");
}
