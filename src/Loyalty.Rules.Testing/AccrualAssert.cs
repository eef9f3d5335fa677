using System;
using System.Globalization;
using System.Linq;
using NodaTime;

namespace Loyalty.Rules.Testing;

/// <summary>An assertion of the test kit failed; the message shows the itemized accrual or the account.</summary>
public sealed class LoyaltyAssertionException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was expected, and what there was.</param>
    public LoyaltyAssertionException(string message)
        : base(message)
    {
    }
}

/// <summary>
/// Assertions for any test framework (they throw <see cref="LoyaltyAssertionException"/>); a failure shows the whole
/// itemized accrual, so the reason a total differs is in the test report.
/// </summary>
public static class AccrualAssert
{
    /// <summary>Asserts the total points of an accrual.</summary>
    /// <param name="result">The accrual.</param>
    /// <param name="expected">The expected total.</param>
    /// <exception cref="LoyaltyAssertionException">The total differs.</exception>
    public static void HasTotal(AccrualResult result, long expected)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Total.Value != expected)
        {
            throw new LoyaltyAssertionException($"Expected {expected} points, got {result.Total.Value}:{Environment.NewLine}{result}");
        }
    }

    /// <summary>Asserts that a rule acted with the given points.</summary>
    /// <param name="result">The accrual.</param>
    /// <param name="ruleId">The rule id.</param>
    /// <param name="points">The points of its item.</param>
    /// <exception cref="LoyaltyAssertionException">No item of the rule has those points.</exception>
    public static void HasItem(AccrualResult result, string ruleId, decimal points)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!result.Items.Any(i => i.RuleId == ruleId && i.Points == points))
        {
            throw new LoyaltyAssertionException(string.Create(CultureInfo.InvariantCulture, $"Expected an item of '{ruleId}' with {points} points:{Environment.NewLine}{result}"));
        }
    }

    /// <summary>Asserts that a rule did not act.</summary>
    /// <param name="result">The accrual.</param>
    /// <param name="ruleId">The rule id.</param>
    /// <exception cref="LoyaltyAssertionException">The rule has an item.</exception>
    public static void HasNoItem(AccrualResult result, string ruleId)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Items.Any(i => i.RuleId == ruleId))
        {
            throw new LoyaltyAssertionException($"Expected no item of '{ruleId}':{Environment.NewLine}{result}");
        }
    }

    /// <summary>Asserts an account's balances at an instant.</summary>
    /// <param name="account">The account.</param>
    /// <param name="asOf">The instant.</param>
    /// <param name="available">The expected spendable points.</param>
    /// <param name="pending">The expected pending points.</param>
    /// <param name="held">The expected points held for review.</param>
    /// <exception cref="LoyaltyAssertionException">A balance differs.</exception>
    public static void HasBalance(MemberAccount account, Instant asOf, long available, long pending = 0, long held = 0)
    {
        ArgumentNullException.ThrowIfNull(account);
        var balance = account.BalanceAt(asOf);
        if (balance != new AccountBalance(new Points(available), new Points(pending), new Points(held)))
        {
            throw new LoyaltyAssertionException(
                $"Expected {available} available, {pending} pending, {held} held at {asOf}; got {balance.Available}, {balance.Pending}, {balance.Held}. Lots:{Environment.NewLine}"
                + string.Join(Environment.NewLine, account.Lots.Select(l => $"  {l.Id}: {l.Remaining} of {l.Points}, available {l.AvailableAt}, expires {l.ExpiresAt}{(l.IsHeld ? ", held" : "")}")));
        }
    }
}
