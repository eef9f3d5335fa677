using System;
using System.Collections.Generic;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>
/// What a program owes its members at an instant, and what it has issued, redeemed and lost to breakage until then: a
/// fold over the accounts (<see cref="Of"/>), or the closing figures of a replay (<see cref="ReplayReport.Liability"/>).
/// </summary>
/// <remarks>
/// Each account is taken as of <see cref="AsOf"/>: points whose expiry (or the inactivity deadline) has passed count as
/// expired even when the host has not run <see cref="LedgerProcessor.Expire"/> yet, and holds past their review
/// deadline are decided, exactly as <see cref="LedgerProcessor.Expire"/> would. Conservation holds across the fold:
/// <c>Issued = Outstanding + Held + Redeemed + Expired + Reversed + AdjustedDown + Voided + TransferredOut +
/// TransferFees + MergedOut</c> (with <c>Issued = Accrued + AdjustedUp + TransferredIn + MergedIn</c>).
/// </remarks>
public sealed record LiabilityReport
{
    /// <summary>The instant the figures are taken at.</summary>
    public required Instant AsOf { get; init; }

    /// <summary>The accounts folded.</summary>
    public required int Members { get; init; }

    /// <summary>The accounts' lifetime totals, summed.</summary>
    public required LedgerTotals Totals { get; init; }

    /// <summary>Points the members can spend or will be able to (available and pending), less the debts they owe.</summary>
    public required Points Outstanding { get; init; }

    /// <summary>Points held for fraud review: not owed until released.</summary>
    public required Points Held { get; init; }

    /// <summary>What <see cref="Outstanding"/> is worth at the program's conversion rate (<see cref="LedgerProcessor.ValueOf"/>; zero when it is negative).</summary>
    public required Money Liability { get; init; }

    /// <summary>Points issued: accrued, adjusted up, transferred in and merged in.</summary>
    public Points Issued => Totals.Accrued + Totals.AdjustedUp + Totals.TransferredIn + Totals.MergedIn;

    /// <summary>Breakage: the points that expired unspent (<see cref="LedgerTotals.Expired"/>).</summary>
    public Points Breakage => Totals.Expired;

    /// <summary>Breakage as a share of the points accrued and adjusted up (0 when none were), rounded to four places.</summary>
    public decimal BreakageRate
    {
        get
        {
            long earned = Totals.Accrued.Value + Totals.AdjustedUp.Value;
            return earned == 0 ? 0m : Math.Round((decimal)Totals.Expired.Value / earned, 4, MidpointRounding.ToEven);
        }
    }

    /// <summary>Folds live accounts into the program's liability at an instant.</summary>
    /// <param name="program">The program the accounts belong to (its conversion rate, expiry and review deadlines).</param>
    /// <param name="accounts">The accounts; each is read once.</param>
    /// <param name="asOf">The instant.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentNullException">An argument, or one of the accounts, is null.</exception>
    public static LiabilityReport Of(LoyaltyProgram program, IEnumerable<MemberAccount> accounts, Instant asOf)
    {
        Preconditions.NotNull(program, nameof(program));
        Preconditions.NotNull(accounts, nameof(accounts));
        var sum = new LiabilitySum();
        foreach (var account in accounts)
        {
            Preconditions.NotNull(account, "accounts[]");
            sum.Add(program.Ledger.Expire(account, asOf).Account);
        }

        return sum.Report(program, asOf);
    }
}

/// <summary>A running sum of accounts' balances and totals; what a replay keeps updated per event and a fold adds up once.</summary>
internal sealed class LiabilitySum
{
    private LedgerTotals totals = new();

    public int Members { get; set; }

    public long Outstanding { get; private set; }

    public long Held { get; private set; }

    public LedgerTotals Totals => totals;

    /// <summary>Adds an account.</summary>
    public void Add(MemberAccount account)
    {
        var (outstanding, held) = BalanceOf(account);
        Members++;
        Outstanding = checked(Outstanding + outstanding);
        Held = checked(Held + held);
        totals = totals.Plus(account.Totals);
    }

    /// <summary>Replaces what one account contributes: its balances and totals before and after a step.</summary>
    public void Change(long outstandingBefore, long heldBefore, LedgerTotals totalsBefore, long outstandingAfter, long heldAfter, LedgerTotals totalsAfter)
    {
        Outstanding = checked(Outstanding - outstandingBefore + outstandingAfter);
        Held = checked(Held - heldBefore + heldAfter);
        if (!ReferenceEquals(totalsBefore, totalsAfter))
        {
            totals = totals.Plus(totalsAfter.Minus(totalsBefore));
        }
    }

    /// <summary>The account's outstanding points (every lot not held, less the debt) and held points; no instant needed.</summary>
    public static (long Outstanding, long Held) BalanceOf(MemberAccount account)
    {
        long outstanding = -account.Debt.Value, held = 0;
        foreach (var lot in account.LotList.Span)
        {
            if (lot.IsHeld)
            {
                held = checked(held + lot.Remaining.Value);
            }
            else
            {
                outstanding = checked(outstanding + lot.Remaining.Value);
            }
        }

        return (outstanding, held);
    }

    public LiabilityReport Report(LoyaltyProgram program, Instant asOf) => new()
    {
        AsOf = asOf,
        Members = Members,
        Totals = totals,
        Outstanding = Outstanding,
        Held = Held,
        Liability = program.Ledger.ValueOf(Math.Max(0, Outstanding)),
    };
}
