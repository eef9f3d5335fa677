using System;
using System.Collections.Generic;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>
/// One member's account open for a batch of its events (an import, a replay, a member's queue in a grain): each event
/// and each piece of due work is applied to one mutable working copy exactly as <see cref="LedgerProcessor.Process"/>
/// and <see cref="LedgerProcessor.Expire"/> apply it to the account the one before gave, and the account is written once,
/// by <see cref="ToAccount"/>, instead of once per event. A rejected event leaves no trace, as alone. Made by
/// <see cref="LedgerProcessor.Open"/>; one caller at a time (not thread-safe); dispose it when done, so the working
/// memory goes back to the thread for its next account.
/// </summary>
/// <remarks>
/// An outcome's <see cref="LedgerOutcome.Account"/> is the account the working account was opened on until
/// <see cref="ToAccount"/> writes it; from then on it is the written account (the account after the batch, as
/// <see cref="LedgerProcessor.ProcessAll"/> gives). When an event throws (an argument the ledger refuses), the working
/// account is given up: nothing of the batch is written, and every further call throws; open the stored account again.
/// </remarks>
public sealed class WorkingAccount : IDisposable
{
    private readonly LedgerProcessor ledger;
    private readonly List<LedgerOutcome> unwritten = []; // the outcomes since the account was last written
    private AccountDraft? draft;
    private MemberAccount account; // as opened, or as last written
    private bool changed;
    private bool failed;

    internal WorkingAccount(LedgerProcessor ledger, MemberAccount account, AccountDraft draft)
        => (this.ledger, this.account, this.draft) = (ledger, account, draft);

    /// <summary>The member whose account this is.</summary>
    public string MemberId => account.MemberId;

    /// <summary>
    /// Applies one event, as <see cref="LedgerProcessor.Process"/> (or, with <paramref name="decide"/>,
    /// <see cref="LedgerProcessor.ProcessWithBudgets"/>) applies it to the account as it now stands.
    /// </summary>
    /// <param name="ledgerEvent">The event.</param>
    /// <param name="member">What the host knows of the member now.</param>
    /// <param name="signals">What only the host knows for the fraud checks, or null.</param>
    /// <param name="decide">Decides and commits one pending budget claim; null to leave a purchase that claims
    /// <see cref="LedgerStatus.AwaitingBudget"/> (nothing of it applied).</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="ArgumentException">As for <see cref="LedgerProcessor.Process"/>; the working account is then given up.</exception>
    /// <exception cref="InvalidOperationException">The working account was disposed, or an earlier call threw.</exception>
    public LedgerOutcome Process(LedgerEvent ledgerEvent, MemberContext member, FraudSignals? signals = null, Func<BudgetClaim, BudgetClaim>? decide = null)
    {
        var d = Draft;
        LedgerOutcome outcome;
        try
        {
            outcome = ledger.Step(d, account, ledgerEvent, member, signals, decide);
        }
        catch
        {
            GiveUp();
            throw;
        }

        changed |= outcome.Status is LedgerStatus.Applied or LedgerStatus.Held or LedgerStatus.Declined;
        unwritten.Add(outcome);
        return outcome;
    }

    /// <summary>
    /// Applies one event as <see cref="Process"/> does, for the account alone (an import of a member's history): the
    /// account comes out the same, but no outcome is made (no entries, explanation, accrual or tier change), so a long
    /// batch allocates a fraction. A rejected event leaves no trace, as with <see cref="Process"/>; process it on its own to
    /// learn why. <see cref="LedgerStatus.AwaitingBudget"/> (no <paramref name="decide"/>) applies nothing: process it
    /// with <see cref="Process"/> to get its claims. Events whose outcome carries a receipt to deliver (a transfer out or
    /// in, a closure by merge, a purchase or activity of a household member's account in a program that pools) are
    /// refused before anything is applied: <see cref="Process"/> them.
    /// </summary>
    /// <param name="ledgerEvent">The event.</param>
    /// <param name="member">What the host knows of the member now.</param>
    /// <param name="signals">What only the host knows for the fraud checks, or null.</param>
    /// <param name="decide">Decides and commits one pending budget claim, as for <see cref="Process"/>, or null.</param>
    /// <returns>The status <see cref="Process"/> would give.</returns>
    /// <exception cref="ArgumentException">The event carries a receipt (nothing applied; the working account stays
    /// open), or as for <see cref="LedgerProcessor.Process"/> (the working account is then given up).</exception>
    /// <exception cref="InvalidOperationException">The working account was disposed, or an earlier call threw.</exception>
    public LedgerStatus Apply(LedgerEvent ledgerEvent, MemberContext member, FraudSignals? signals = null, Func<BudgetClaim, BudgetClaim>? decide = null)
    {
        var d = Draft;
        if (ledgerEvent is TransferOutEvent or TransferInEvent or AccountClosureEvent || (ledgerEvent is PurchaseEvent or ActivityAccrualEvent && d.Pools))
        {
            throw Preconditions.Invalid(nameof(ledgerEvent), $"{ledgerEvent.GetType().Name} '{ledgerEvent.Id}' gives a receipt to deliver: process it with Process, whose outcome carries it.");
        }

        LedgerStatus status;
        try
        {
            d.Quiet = !Instruments.ReadsEntries; // a listener counting points reads them from the entries
            status = ledger.Step(d, account, ledgerEvent, member, signals, decide).Status;
            d.Quiet = false;
        }
        catch
        {
            GiveUp();
            throw;
        }

        changed |= status is LedgerStatus.Applied or LedgerStatus.Held or LedgerStatus.Declined;
        return status;
    }

    /// <summary>Expires what is due at <paramref name="asOf"/> as <see cref="Expire"/> does, for the account alone: no outcome is made.</summary>
    /// <param name="asOf">The instant.</param>
    /// <exception cref="InvalidOperationException">The working account was disposed, or an earlier call threw.</exception>
    public void ApplyExpiry(Instant asOf) => Due(asOf, "expire", LedgerProcessor.Expiring, quiet: true);

    /// <summary>Pays the period-end dividends due by <paramref name="asOf"/> as <see cref="PayDividends"/> does, for the account alone: no outcome is made.</summary>
    /// <param name="asOf">The instant (e.g. the start of the new period).</param>
    /// <param name="tierId">The member's tier at the period's end; null for the tier the account keeps, as it was just before <paramref name="asOf"/>.</param>
    /// <exception cref="InvalidOperationException">The working account was disposed, or an earlier call threw.</exception>
    public void ApplyDividends(Instant asOf, string? tierId = null) => Dividends(asOf, tierId, quiet: true);

    /// <summary>Expires what is due at <paramref name="asOf"/>, as <see cref="LedgerProcessor.Expire"/> does.</summary>
    /// <param name="asOf">The instant.</param>
    /// <returns>The outcome (always applied; no entries when nothing was due).</returns>
    /// <exception cref="InvalidOperationException">The working account was disposed, or an earlier call threw.</exception>
    public LedgerOutcome Expire(Instant asOf) => Due(asOf, "expire", LedgerProcessor.Expiring);

    /// <summary>Pays the period-end dividends due by <paramref name="asOf"/>, as <see cref="LedgerProcessor.PayDividends"/> does.</summary>
    /// <param name="asOf">The instant (e.g. the start of the new period).</param>
    /// <param name="tierId">The member's tier at the period's end; null for the tier the account keeps, as it was just before <paramref name="asOf"/>.</param>
    /// <returns>The outcome (always applied; no entries when nothing was due).</returns>
    /// <exception cref="InvalidOperationException">The working account was disposed, or an earlier call threw.</exception>
    public LedgerOutcome PayDividends(Instant asOf, string? tierId = null) => Dividends(asOf, tierId, quiet: false);

    /// <summary>The balances at an instant as the account now stands, as <see cref="MemberAccount.BalanceAt"/> gives them.</summary>
    /// <param name="asOf">The instant.</param>
    /// <returns>The balances.</returns>
    /// <exception cref="InvalidOperationException">The working account was disposed, or an earlier call threw.</exception>
    public AccountBalance BalanceAt(Instant asOf) => Draft.BalanceAt(asOf);

    /// <summary>
    /// The account as it now stands, for the host to store: written once for all the events since the last call (the
    /// same account when none changed it). The working account stays open for more events.
    /// </summary>
    /// <returns>The account.</returns>
    /// <exception cref="InvalidOperationException">The working account was disposed, or an earlier call threw.</exception>
    public MemberAccount ToAccount()
    {
        var d = Draft;
        if (changed)
        {
            (account, changed) = (d.ToAccount(), false);
        }

        foreach (var outcome in unwritten)
        {
            outcome.Account = account;
        }

        unwritten.Clear();
        return account;
    }

    /// <summary>Gives the working memory back; the account is what <see cref="ToAccount"/> last wrote.</summary>
    public void Dispose()
    {
        if (draft is { } d && !failed)
        {
            d.Release();
        }

        draft = null;
    }

    private AccountDraft Draft
        => draft is null ? throw new InvalidOperationException(failed ? "an earlier event of this working account threw: nothing of its batch is written; open the stored account again." : "the working account is disposed.")
            : draft;

    private LedgerOutcome Dividends(Instant asOf, string? tierId, bool quiet)
    {
        tierId ??= Draft.TierAt(asOf - Duration.Epsilon)?.TierId;
        return Due(asOf, "dividends", d => d.PayDividends(tierId), quiet);
    }

    private LedgerOutcome Due(Instant asOf, string kind, Action<AccountDraft> act, bool quiet = false)
    {
        var d = Draft;
        LedgerOutcome outcome;
        try
        {
            d.Quiet = quiet && !Instruments.ReadsEntries;
            outcome = ledger.Due(d, account, asOf, kind, act);
            d.Quiet = false;
        }
        catch
        {
            GiveUp();
            throw;
        }

        changed = true;
        if (!quiet)
        {
            unwritten.Add(outcome);
        }

        return outcome;
    }

    /// <summary>After a throw: the draft may hold half an event, so it is dropped (not given back) and nothing more is taken.</summary>
    private void GiveUp() => (failed, draft) = (true, null);
}
