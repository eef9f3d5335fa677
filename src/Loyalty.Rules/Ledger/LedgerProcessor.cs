using System;
using System.Collections.Immutable;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NodaTime;
using NodaTime.Text;

namespace Loyalty.Rules;

/// <summary>
/// The one entry point for hosts: processes a purchase, activity, refund, redemption, cancellation or adjustment
/// against a member's account, and returns the new account, the ledger entries and the explanation. Pure: the
/// same inputs give the same outputs; nothing reads a clock. The order, for every event: pending lots whose
/// pending period has passed become available; a re-delivered event id is reported as a duplicate (the same id with
/// other content is rejected as a conflict); the event is applied, or rejected with nothing changed; the account
/// forgets what its retention and refund windows no longer need.
/// </summary>
public sealed class LedgerProcessor
{
    private readonly LoyaltyProgram program;
    private readonly byte[] receiptKey;
    private readonly DueWork?[] dueIds = new DueWork?[61]; // the ids of due work at recent instants (shared by the threads: immutable, a lost race makes one again)
    private readonly RetentionWindows?[] windows = new RetentionWindows?[509]; // by the day: events of a day share them, a year of days has a slot each

    internal LedgerProcessor(LoyaltyProgram program)
        : this(program, System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("Loyalty.Rules receipts of program " + program.Id)))
    {
    }

    private LedgerProcessor(LoyaltyProgram program, byte[] receiptKey) => (this.program, this.receiptKey) = (program, receiptKey);

    /// <summary>
    /// This ledger with the host's secret key for the receipts of transfers and merges (<see cref="TransferReceipt"/>,
    /// <see cref="MergeReceipt"/>): it signs the receipts it makes with it and takes only receipts signed with it. Without
    /// one, receipts are signed with a key derived from the program id, which shows a receipt altered by mistake but
    /// not one forged on purpose: a host that carries receipts where others can write sets a key, the same on every
    /// instance, kept where it keeps secrets.
    /// </summary>
    /// <param name="key">The key; at least 32 bytes.</param>
    /// <returns>The ledger that signs with the key.</returns>
    /// <exception cref="ArgumentException">The key is shorter than 32 bytes.</exception>
    public LedgerProcessor WithReceiptKey(ReadOnlySpan<byte> key)
        => key.Length >= 32 ? new LedgerProcessor(program, key.ToArray()) : throw Preconditions.Invalid(nameof(key), $"must be at least 32 bytes, was {key.Length}.");

    /// <summary>
    /// Processes one event against an account: held points whose review deadline passed are resolved, pending lots
    /// that matured become available, the event is evaluated, the fraud checks see what it would do (reject: nothing
    /// changes; hold: its points land held), and the ledger applies it.
    /// </summary>
    /// <param name="account">The member's account as stored.</param>
    /// <param name="ledgerEvent">The event.</param>
    /// <param name="member">What the host knows of the member now (tier, segments, birthday, enrolment); its
    /// first-purchase flag and carried fraction are ignored: the account records those.</param>
    /// <param name="signals">What only the host knows for the fraud checks (none by default).</param>
    /// <param name="grants">
    /// The host's decisions (<see cref="BudgetClaim.Decide"/>) on the budget claims an earlier call returned with
    /// <see cref="LedgerStatus.AwaitingBudget"/>: granted offers pay what was granted, refused ones do not act. A purchase
    /// that still claims (the next offer of a first-match group, after a refusal) awaits the budget again. Nothing is
    /// applied while a claim is pending, so a host that commits the decided claims and the outcome in one database
    /// transaction never pays from a budget without recording it, nor the reverse. Only purchases read them.
    /// </param>
    /// <returns>The outcome.</returns>
    /// <exception cref="ArgumentException">The account, event and member are not the same member, or a refund names a
    /// purchase awarded by another program version, or a referral award comes to a program without a referral policy;
    /// the message names the field; or a grant is pending, for another event, or names no budgeted offer.</exception>
    public LedgerOutcome Process(MemberAccount account, LedgerEvent ledgerEvent, MemberContext member, FraudSignals? signals = null, IReadOnlyList<BudgetClaim>? grants = null)
    {
        string kind = Instruments.Name(Preconditions.NotNull(ledgerEvent, nameof(ledgerEvent)).Kind);
        var activity = Instruments.StartProcess(program.Id, kind, ledgerEvent.Id);
        try
        {
            return Instruments.Processed(activity, program.Id, kind, Apply(account, ledgerEvent, member, signals, grants, null));
        }
        catch (Exception e) when (Instruments.Failed(activity, e))
        {
            throw; // never reached: the filter ends the activity and declines
        }
    }

    /// <summary>As the public overload; <paramref name="fingerprint"/> is the event's, when the caller has it already.</summary>
    private LedgerOutcome Apply(MemberAccount account, LedgerEvent ledgerEvent, MemberContext member, FraudSignals? signals, IReadOnlyList<BudgetClaim>? grants, string? fingerprint)
    {
        Check(account, ledgerEvent, member);
        var draft = AccountDraft.Open(program, account);
        var outcome = Step(draft, account, ledgerEvent, member, signals ?? FraudSignals.None, grants ?? [], fingerprint ?? EventFingerprint.Of(ledgerEvent));
        if (outcome.Status is LedgerStatus.Applied or LedgerStatus.Held or LedgerStatus.Declined)
        {
            outcome.Account = draft.ToAccount();
        }

        draft.Release(); // not after a throw: that draft is dropped
        return outcome;
    }

    /// <summary>
    /// Where the retention and refund windows start for an event of <paramref name="day"/>: computed once per day and
    /// kept in a small table of recent days (shared by the threads: each entry is immutable, a lost race recomputes).
    /// </summary>
    internal RetentionWindows WindowsOn(LocalDate day)
    {
        // Slotted by a running day number (the hash of a date packs its fields: a year's days would share slots).
        ref var known = ref windows[(((day.Year * 12) + day.Month) * 31 + day.Day & int.MaxValue) % windows.Length];
        if (known is { } hit && hit.Day == day)
        {
            return hit;
        }

        var zone = program.TimeZone;
        var from = day.Minus(program.LedgerPolicy.Retention);
        var computed = new RetentionWindows(day, from, ExpiryPolicy.StartOf(from, zone), ExpiryPolicy.StartOf(day.Minus(program.LedgerPolicy.RefundWindow), zone));
        known = computed;
        return computed;
    }

    /// <summary>The account, event and member are there and of one member.</summary>
    private static void Check(MemberAccount account, LedgerEvent ledgerEvent, MemberContext member) => Check(account, account.State, ledgerEvent, member);

    /// <summary>As above, with the member state as it stands (a working account's: an account it absorbed takes its events).</summary>
    private static void Check(MemberAccount account, MemberState state, LedgerEvent ledgerEvent, MemberContext member)
    {
        Preconditions.NotNull(account, nameof(account));
        Preconditions.NotNull(ledgerEvent, nameof(ledgerEvent));
        Preconditions.NotNull(member, nameof(member));
        if (account.MemberId != ledgerEvent.MemberId && !state.Get(MergeState.Absorbed).Contains(ledgerEvent.MemberId))
        {
            throw Preconditions.Invalid("account.MemberId", $"'{account.MemberId}' is not the event's member '{ledgerEvent.MemberId}'.");
        }

        if (member.MemberId != ledgerEvent.MemberId && member.MemberId != account.MemberId)
        {
            throw Preconditions.Invalid("member.MemberId", $"'{member.MemberId}' is not the event's member '{ledgerEvent.MemberId}'.");
        }
    }

    /// <summary>
    /// Applies one event to the draft: on success its changes stay (committed), otherwise the draft is rolled back to
    /// where it stood. The outcome carries <paramref name="account"/> until the caller sets the account it writes.
    /// </summary>
    private LedgerOutcome Step(AccountDraft draft, MemberAccount account, LedgerEvent ledgerEvent, MemberContext member, FraudSignals signals, IReadOnlyList<BudgetClaim> grants, string fingerprint)
    {
        if (draft.Remembered(ledgerEvent.Id) is { } applied)
        {
            if (EventFingerprint.Matches(applied.Fingerprint, fingerprint, ledgerEvent))
            {
                return Unchanged(draft, account, ledgerEvent.At, LedgerStatus.Duplicate, $"event '{ledgerEvent.Id}' was already applied; nothing changed.");
            }

            var conflict = FraudVerdict.Of([new FraudFinding("transaction-conflict", FraudAction.Reject, $"event '{ledgerEvent.Id}' was applied before with other content: a conflict, not a re-delivery.")]);
            return Unchanged(draft, account, ledgerEvent.At, LedgerStatus.Rejected, conflict.Reason, conflict);
        }

        if (draft.ClosedReason is { } closed && ledgerEvent is not TransferInEvent) // a transfer to a closed account is declined: its giver gets it back
        {
            return Unchanged(draft, account, ledgerEvent.At, LedgerStatus.Rejected, closed);
        }

        draft.Begin(ledgerEvent.Id, ledgerEvent.At);
        draft.ReviewDue();
        draft.Mature();
        AccrualResult? accrual = null;
        Money? value = null;
        var verdict = FraudVerdict.Allowed;
        string? rejection = null, declined = null;
        TransferReceipt? receipt = null;
        MergeReceipt? merge = null;
        switch (ledgerEvent)
        {
            case PurchaseEvent purchase:
                var view = draft.View(member);
                accrual = draft.Quiet ? program.Evaluator.EvaluateInPlace(purchase.Transaction, view, grants) : program.Evaluator.Evaluate(purchase.Transaction, view, grants); // quiet: no outcome leaves Apply (Settle reads only the claims, an array of their own)
                verdict = Inspect(ledgerEvent, accrual.Total.Value + PendingPoints(accrual), purchase.Transaction.Subtotal - purchase.Transaction.OrderDiscount, draft, member, signals);
                if (verdict.Action != FraudAction.Reject && accrual.HasPendingClaims)
                {
                    draft.RollBack();
                    return new LedgerOutcome(account, [], LedgerStatus.AwaitingBudget, "the purchase claims points from campaign budgets: decide the claims, commit them, and process it again with them.", accrual, null, null, verdict);
                }

                if (verdict.Action != FraudAction.Reject)
                {
                    draft.Purchase(purchase.Transaction, view, accrual, Hold(verdict), fingerprint);
                }

                break;
            case ActivityAccrualEvent activity:
                accrual = program.Evaluator.EvaluateActivity(activity.Activity, draft.View(member));
                verdict = Inspect(ledgerEvent, accrual.Total.Value, 0m, draft, member, signals);
                if (verdict.Action != FraudAction.Reject)
                {
                    draft.Activity(activity.Activity, accrual, Hold(verdict));
                }

                break;
            case RedemptionEvent redemption:
                verdict = Inspect(ledgerEvent, 0, 0m, draft, member, signals);
                rejection = verdict.Action == FraudAction.Reject ? null : draft.Redeem(redemption.Points.Value, redemption.Cause, redemption.RedeemedBy, out value);
                break;
            case RewardRedemptionEvent reward:
                verdict = Inspect(ledgerEvent, 0, 0m, draft, member, signals);
                if (verdict.Action != FraudAction.Reject)
                {
                    rejection = draft.RedeemReward(reward, member, grants, out value, out var claim);
                    if (claim is not null)
                    {
                        draft.RollBack();
                        return new LedgerOutcome(account, [], LedgerStatus.AwaitingBudget, $"reward '{reward.RewardId}' has a limited stock: decide the claim of one unit, commit it, and process the redemption again with it.", null, null, null, verdict) { StockClaims = [claim], Tier = draft.TierAt(ledgerEvent.At) };
                    }
                }

                break;
            case VoucherUseEvent use:
                rejection = draft.UseVoucher(use);
                break;
            case ChallengeEnrolmentEvent enrolment:
                rejection = draft.Enrol(enrolment);
                break;
            case TransferOutEvent transfer:
                rejection = draft.TransferOut(transfer, out var sent);
                receipt = sent;
                break;
            case TransferInEvent incoming:
                rejection = Unsigned(incoming.Receipt.IsSignedWith(receiptKey, program.Id), "transfer", incoming.Receipt.TransferId);
                if (rejection is null)
                {
                    draft.TransferIn(incoming.Receipt, out declined);
                    receipt = declined is null ? null : incoming.Receipt with { Stage = TransferStage.Declined, DeclinedBecause = declined };
                }

                break;
            case TransferReversalEvent reversal:
                rejection = Unsigned(reversal.Receipt.IsSignedWith(receiptKey, program.Id), "transfer", reversal.Receipt.TransferId) ?? draft.ReverseTransfer(reversal.Receipt);
                break;
            case HouseholdMembershipEvent membership:
                rejection = draft.ChangeHousehold(membership);
                break;
            case AccountClosureEvent closure:
                rejection = draft.Close(closure, out merge);
                break;
            case AccountMergeEvent absorb:
                rejection = Unsigned(absorb.Receipt.IsSignedWith(receiptKey, program.Id), "merge", absorb.Receipt.MergeId) ?? draft.Absorb(absorb.Receipt, member);
                break;
            case RedemptionCancellationEvent cancellation:
                rejection = draft.CancelRedemption(cancellation.RedemptionId);
                break;
            case AdjustmentEvent adjustment:
                rejection = draft.Adjust(adjustment.Points.Value, adjustment.Reason);
                break;
            case RefundEvent refund:
                rejection = draft.Refund(refund);
                break;
            case HoldReviewEvent review:
                rejection = draft.Review(review);
                break;
            case TierOverrideEvent or PaidTierEvent:
                rejection = draft.SetTierStatus(ledgerEvent, member);
                break;
            case ReferralAwardEvent award:
                rejection = draft.ReferralAward(award, out accrual);
                if (award.HoldReason is not null)
                {
                    verdict = FraudVerdict.Of([new FraudFinding("referral-decision", FraudAction.Hold, award.HoldReason)]);
                }

                break;
            default:
                throw Preconditions.Invalid("ledgerEvent", $"{ledgerEvent.GetType().Name} is not an event kind this program knows.");
        }

        if (verdict.Action == FraudAction.Reject)
        {
            draft.RollBack();
            return Unchanged(draft, account, ledgerEvent.At, LedgerStatus.Rejected, $"fraud checks rejected the event: {verdict.Reason}", verdict);
        }

        if (rejection is not null)
        {
            draft.RollBack();
            return Unchanged(draft, account, ledgerEvent.At, LedgerStatus.Rejected, rejection, verdict);
        }

        bool held = verdict.Action == FraudAction.Hold;
        long points = ledgerEvent switch
        {
            RedemptionEvent r => r.Points.Value,
            RewardRedemptionEvent r => program.RewardsById[r.RewardId].Points.Value,
            _ => accrual?.Total.Value ?? 0,
        };
        draft.Remember(fingerprint, ledgerEvent.Kind, points);
        var qualifying = ledgerEvent switch
        {
            _ when held => null, // held points qualify for tiers once released
            PurchaseEvent or ActivityAccrualEvent when draft.Earning is { } earning => earning,
            _ => draft.Qualifying,
        };
        draft.CountTier(member, draft.DeadlineReleases, qualifying);
        draft.Commit();
        receipt ??= draft.Sent; // an automatic household contribution
        var status = held ? LedgerStatus.Held : declined is not null ? LedgerStatus.Declined : LedgerStatus.Applied;
        if (draft.Quiet)
        {
            return Quietly(status);
        }

        return new LedgerOutcome(account, draft.Entries, status, held ? $"held for review: {verdict.Reason}" : declined is not null ? $"transfer declined: {declined}" : null, accrual, value, qualifying, verdict, [.. draft.DeadlineReleases])
        {
            Tier = draft.Tier,
            TierChange = draft.TierChange,
            Transfer = receipt is null ? null : receipt with { Signature = receipt.SignatureUnder(receiptKey, program.Id) },
            Merge = merge is null ? null : merge with { Signature = merge.SignatureUnder(receiptKey, program.Id) },
        };
    }

    /// <summary>
    /// Processes one event and settles its budget claims in the same call: each pending claim goes to
    /// <paramref name="decide"/>, which the host implements inside its own database transaction (read what is left,
    /// <see cref="BudgetClaim.Decide"/>, subtract what was granted); the event is then processed with the decided claims,
    /// again until none is pending (a refused offer may let the next offer of a first-match group claim).
    /// </summary>
    /// <param name="account">The member's account as stored.</param>
    /// <param name="ledgerEvent">The event.</param>
    /// <param name="member">What the host knows of the member now.</param>
    /// <param name="decide">Decides and commits one pending claim; returns it decided.</param>
    /// <param name="signals">What only the host knows for the fraud checks, or null.</param>
    /// <returns>The outcome; never <see cref="LedgerStatus.AwaitingBudget"/>.</returns>
    /// <exception cref="ArgumentException">As for <see cref="Process"/>, or <paramref name="decide"/> returned a pending
    /// claim or one for another offer or event.</exception>
    public LedgerOutcome ProcessWithBudgets(MemberAccount account, LedgerEvent ledgerEvent, MemberContext member, Func<BudgetClaim, BudgetClaim> decide, FraudSignals? signals = null)
    {
        Preconditions.NotNull(decide, nameof(decide));
        string kind = Instruments.Name(Preconditions.NotNull(ledgerEvent, nameof(ledgerEvent)).Kind);
        var activity = Instruments.StartProcess(program.Id, kind, ledgerEvent.Id);
        try
        {
            Check(account, ledgerEvent, member);
            var draft = AccountDraft.Open(program, account, journaled: true); // each try awaiting the budget is rolled back
            var outcome = Settle(draft, account, ledgerEvent, member, signals ?? FraudSignals.None, decide);
            if (outcome.Status is LedgerStatus.Applied or LedgerStatus.Held or LedgerStatus.Declined)
            {
                outcome.Account = draft.ToAccount();
            }

            draft.Release();

            return Instruments.Processed(activity, program.Id, kind, outcome);
        }
        catch (Exception e) when (Instruments.Failed(activity, e))
        {
            throw; // never reached: the filter ends the activity and declines
        }
    }

    /// <summary>
    /// Processes a batch of one member's events in order, into one working account written once at the end: the
    /// outcomes are those <see cref="Process"/> (or, with <paramref name="decide"/>, <see cref="ProcessWithBudgets"/>)
    /// gives for each event in turn, and the account is the one the last of them would give, without an account copied
    /// per event. A rejected event leaves no trace, as alone. Nothing is applied when any event throws.
    /// </summary>
    /// <param name="account">The member's account as stored.</param>
    /// <param name="events">The member's events, in the order they are to be applied.</param>
    /// <param name="member">What the host knows of the member now (for every event of the batch).</param>
    /// <param name="decide">Decides and commits one pending budget claim, as for <see cref="ProcessWithBudgets"/>; null to
    /// leave a purchase that claims <see cref="LedgerStatus.AwaitingBudget"/> (nothing of it applied).</param>
    /// <param name="signals">What only the host knows for the fraud checks, or null.</param>
    /// <returns>The account after the batch and each event's outcome (whose <see cref="LedgerOutcome.Account"/> is that account).</returns>
    /// <exception cref="ArgumentException">As for <see cref="Process"/>, for any event of the batch.</exception>
    public LedgerBatchOutcome ProcessAll(MemberAccount account, IEnumerable<LedgerEvent> events, MemberContext member, Func<BudgetClaim, BudgetClaim>? decide = null, FraudSignals? signals = null)
    {
        Preconditions.NotNull(events, nameof(events));
        using var working = Open(account);
        var outcomes = new List<LedgerOutcome>();
        foreach (var ledgerEvent in events)
        {
            outcomes.Add(working.Process(ledgerEvent, member, signals, decide));
        }

        return new LedgerBatchOutcome(working.ToAccount(), [.. outcomes]);
    }

    /// <summary>
    /// Opens <paramref name="account"/> as a working account: a batch of the member's events (and the due work between
    /// them) is applied to it one by one, as <see cref="Process"/> and <see cref="Expire"/> apply them, and the account is
    /// written once, by <see cref="WorkingAccount.ToAccount"/>, instead of once per event.
    /// </summary>
    /// <param name="account">The member's account as stored.</param>
    /// <returns>The working account; dispose it when done.</returns>
    /// <exception cref="ArgumentException">The account was changed by hand into one the ledger would not write (the message names the field).</exception>
    public WorkingAccount Open(MemberAccount account)
        => new(this, Preconditions.NotNull(account, nameof(account)), AccountDraft.Open(program, account, journaled: true));

    /// <summary>One event applied to a working account's draft (<see cref="WorkingAccount.Process"/>); the outcome carries <paramref name="account"/>.</summary>
    internal LedgerOutcome Step(AccountDraft draft, MemberAccount account, LedgerEvent ledgerEvent, MemberContext member, FraudSignals? signals, Func<BudgetClaim, BudgetClaim>? decide)
    {
        Check(account, draft.State, ledgerEvent, member);
        string kind = Instruments.Name(ledgerEvent.Kind);
        var activity = Instruments.StartProcess(program.Id, kind, ledgerEvent.Id);
        try
        {
            var outcome = decide is null
                ? Step(draft, account, ledgerEvent, member, signals ?? FraudSignals.None, [], EventFingerprint.Of(ledgerEvent))
                : Settle(draft, account, ledgerEvent, member, signals ?? FraudSignals.None, decide);
            return Instruments.Processed(activity, program.Id, kind, outcome);
        }
        catch (Exception e) when (Instruments.Failed(activity, e))
        {
            throw; // never reached: the filter ends the activity and declines
        }
    }

    /// <summary>
    /// What a quiet step (<see cref="AccountDraft.Quiet"/>: <see cref="WorkingAccount.Apply"/>) gives instead of an
    /// outcome: one shared outcome per status, never handed out (its account is none of the host's).
    /// </summary>
    private static LedgerOutcome Quietly(LedgerStatus status) => status switch
    {
        LedgerStatus.Applied => QuietlyApplied,
        LedgerStatus.Held => QuietlyHeld,
        _ => QuietlyDeclined,
    };

    private static readonly MemberAccount NoAccount = MemberAccount.Open("quiet");
    private static readonly LedgerOutcome QuietlyApplied = new(NoAccount, [], LedgerStatus.Applied, null, null, null);
    private static readonly LedgerOutcome QuietlyHeld = new(NoAccount, [], LedgerStatus.Held, null, null, null);
    private static readonly LedgerOutcome QuietlyDeclined = new(NoAccount, [], LedgerStatus.Declined, null, null, null);

    /// <summary>One event with its budget claims decided by <paramref name="decide"/>, until none is pending.</summary>
    private LedgerOutcome Settle(AccountDraft draft, MemberAccount account, LedgerEvent ledgerEvent, MemberContext member, FraudSignals signals, Func<BudgetClaim, BudgetClaim> decide)
    {
        var grants = new List<BudgetClaim>();
        string fingerprint = EventFingerprint.Of(ledgerEvent);
        var outcome = Step(draft, account, ledgerEvent, member, signals, grants, fingerprint);
        while (outcome.Status == LedgerStatus.AwaitingBudget)
        {
            foreach (var claim in outcome.Claims)
            {
                var decided = decide(claim);
                if (decided is null || decided.OfferId != claim.OfferId || decided.EventId != claim.EventId)
                {
                    throw Preconditions.Invalid(nameof(decide), $"must return the claim of offer '{claim.OfferId}' for '{claim.EventId}', decided.");
                }

                grants.Add(decided);
            }

            outcome = Step(draft, account, ledgerEvent, member, signals, grants, fingerprint);
        }

        return outcome;
    }

    /// <summary>
    /// Expires exactly what is due at <paramref name="asOf"/>: lots whose expiry is at or before it, and every lot when
    /// the program's inactivity period has passed since the last earning or redeeming. Nothing else.
    /// </summary>
    /// <param name="account">The account.</param>
    /// <param name="asOf">The instant.</param>
    /// <returns>The outcome (always applied; no entries when nothing was due).</returns>
    public LedgerOutcome Expire(MemberAccount account, Instant asOf)
        => Due(account, asOf, "expire", Expiring);

    /// <summary>What <see cref="Expire"/> does to a draft.</summary>
    internal static readonly Action<AccountDraft> Expiring = draft => draft.Expire();

    /// <summary>
    /// Pays the period-end dividend (<see cref="LoyaltyProgram.Dividend"/>) of every period that ended by
    /// <paramref name="asOf"/> and was not paid yet: once per member per period, entry ids <c>dividend@{start}#1</c>.
    /// </summary>
    /// <param name="account">The account.</param>
    /// <param name="asOf">The instant (e.g. the start of the new period).</param>
    /// <param name="tierId">The member's tier at the period's end, for a dividend paid to some tiers only (<see cref="DividendPolicy.Tiers"/>);
    /// null for the tier the account keeps, as it was just before <paramref name="asOf"/>.</param>
    /// <returns>The outcome (always applied; no entries when nothing was due).</returns>
    public LedgerOutcome PayDividends(MemberAccount account, Instant asOf, string? tierId = null)
    {
        tierId ??= TierOf(Preconditions.NotNull(account, nameof(account)), asOf - Duration.Epsilon)?.TierId;
        return Due(account, asOf, "dividends", draft => draft.PayDividends(tierId));
    }

    /// <summary>What falls due at an instant, with no event: reviews, maturing lots, then <paramref name="act"/>.</summary>
    private LedgerOutcome Due(MemberAccount account, Instant asOf, string kind, Action<AccountDraft> act)
    {
        var draft = AccountDraft.Open(program, Preconditions.NotNull(account, nameof(account)));
        var outcome = Due(draft, account, asOf, kind, act);
        outcome.Account = draft.ToAccount();
        draft.Release();
        return outcome;
    }

    /// <summary>Due work applied to a draft (a working account's, or one opened for it); the outcome carries <paramref name="account"/>.</summary>
    internal LedgerOutcome Due(AccountDraft draft, MemberAccount account, Instant asOf, string kind, Action<AccountDraft> act)
    {
        ref var known = ref dueIds[(asOf.GetHashCode() & int.MaxValue) % dueIds.Length]; // month ends come to every account at the same instants: each id is made once
        if (known is not { } hit || hit.AsOf != asOf || !ReferenceEquals(hit.Kind, kind))
        {
            known = hit = new DueWork(kind, asOf, $"{kind}@{asOf.ToUnixTimeTicks().ToString(CultureInfo.InvariantCulture)}");
        }

        string id = hit.Id;
        var activity = Instruments.StartProcess(program.Id, kind, id);
        try
        {
            draft.Begin(id, asOf);
            draft.ReviewDue();
            draft.Mature();
            act(draft);
            draft.CountTier(null, draft.DeadlineReleases);
            draft.Commit();
            var outcome = draft.Quiet ? Quietly(LedgerStatus.Applied) : new LedgerOutcome(account, draft.Entries, LedgerStatus.Applied, null, null, null, released: [.. draft.DeadlineReleases])
            {
                Tier = draft.Tier,
                TierChange = draft.TierChange,
            };
            return Instruments.Processed(activity, program.Id, kind, outcome);
        }
        catch (Exception e) when (Instruments.Failed(activity, e))
        {
            throw; // never reached: the filter ends the activity and declines
        }
    }

    /// <summary>
    /// The member's lifecycle stage at an instant, from the account's purchases and the enrolment date (local days of
    /// the program zone): reactivated (came back from dormancy within <see cref="LifecyclePolicy.ReactivatedForDays"/>),
    /// dormant or at risk (days since the last purchase), new (enrolled within <see cref="LifecyclePolicy.NewForDays"/>),
    /// else active. A member who never bought is new while new, then at risk or dormant counted from enrolment.
    /// </summary>
    /// <param name="account">The account.</param>
    /// <param name="member">The member (for the enrolment date).</param>
    /// <param name="at">The instant.</param>
    /// <returns>The stage.</returns>
    public LifecycleStage StageOf(MemberAccount account, MemberContext member, Instant at)
    {
        Preconditions.NotNull(account, nameof(account));
        Preconditions.NotNull(member, nameof(member));
        var policy = program.Lifecycle;
        var today = at.InZone(program.TimeZone).Date;
        int? Days(Instant? since) => since is { } s ? NodaTime.Period.DaysBetween(s.InZone(program.TimeZone).Date, today) : null;
        int? sincePurchase = Days(account.LastPurchaseAt) ?? (member.EnrolledOn is { } e ? NodaTime.Period.DaysBetween(e, today) : null);
        if (sincePurchase >= policy.DormantAfterDays)
        {
            return LifecycleStage.Dormant;
        }

        if (sincePurchase >= policy.AtRiskAfterDays)
        {
            return LifecycleStage.AtRisk;
        }

        if (Days(account.ReactivatedAt) < policy.ReactivatedForDays)
        {
            return LifecycleStage.Reactivated;
        }

        return member.EnrolledOn is { } enrolled && NodaTime.Period.DaysBetween(enrolled, today) < policy.NewForDays ? LifecycleStage.New : LifecycleStage.Active;
    }

    /// <summary>"Expiring soon": the points that expire at or before <paramref name="by"/>, and when, soonest first.</summary>
    /// <param name="account">The account.</param>
    /// <param name="by">The horizon.</param>
    /// <returns>The points per expiry instant.</returns>
    public IReadOnlyList<ExpiringPoints> ExpiringBy(MemberAccount account, Instant by)
    {
        Preconditions.NotNull(account, nameof(account));
        var inactivity = InactivityDeadline(account.LastActivityAt);
        return account.LotList
            .Where(l => !l.IsHeld)
            .Select(l => (At: Earliest(l.ExpiresAt, inactivity), l.Remaining))
            .Where(x => x.At is { } at && at <= by)
            .GroupBy(x => x.At!.Value)
            .OrderBy(g => g.Key)
            .Select(g => new ExpiringPoints(g.Key, g.Sum(x => x.Remaining.Value)))
            .ToList();
    }

    /// <summary>
    /// Where the member stands in each of the program's challenges and stamp cards at <paramref name="at"/>: done of
    /// needed in the window around it, its last day, and what completes it. Reads the account only.
    /// </summary>
    /// <param name="account">The account.</param>
    /// <param name="member">The member (of the account).</param>
    /// <param name="at">The instant (its local date picks each challenge's window).</param>
    /// <returns>One item per challenge, stamp card, badge with a lifetime count, then streak, each in program order.</returns>
    public ImmutableArray<GameProgress> ProgressOf(MemberAccount account, MemberContext member, Instant at)
    {
        Preconditions.NotNull(account, nameof(account));
        Preconditions.NotNull(member, nameof(member));
        if (member.MemberId != account.MemberId)
        {
            throw Preconditions.Invalid("member.MemberId", $"'{member.MemberId}' is not the account's member '{account.MemberId}'.");
        }

        return GameProgress.Of(program, account, at);
    }

    /// <summary>
    /// The expiry reminders due from <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive) that were not
    /// sent yet, as the program's <see cref="ReminderPolicy"/> says: for each expiry instant of the member's points (the
    /// lots' expiry, or the inactivity deadline when sooner) and each voucher still issued, one reminder per day of
    /// <see cref="ReminderPolicy.DaysBefore"/>, due at the start of the local day that many days before the day it
    /// expires. The returned account remembers them as sent: store it once they are sent, and each reminder is listed
    /// once. A reminder whose day passed while nobody asked is still listed by a window that covers it.
    /// </summary>
    /// <param name="account">The account.</param>
    /// <param name="from">The start of the window.</param>
    /// <param name="to">Its end; not before <paramref name="from"/>.</param>
    /// <returns>The reminders due and the account that remembers them.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="to"/> is before <paramref name="from"/>.</exception>
    public DueReminders RemindersDue(MemberAccount account, Instant from, Instant to)
    {
        Preconditions.NotNull(account, nameof(account));
        if (to < from)
        {
            throw Preconditions.OutOfRange(nameof(to), to, $"must not be before from ({from}).");
        }

        if (program.Reminders is not { } policy)
        {
            return new DueReminders([], account);
        }

        var sent = account.State.Get(ReminderState.Sent);
        var due = new List<ExpiryReminder>();
        var zone = program.TimeZone;
        void Add(ReminderSubject subject, string what, Instant expiresAt, long points, string? voucherId)
        {
            if (expiresAt <= from)
            {
                return; // expired already: too late to remind
            }

            foreach (int days in policy.DaysBefore)
            {
                var dueAt = ExpiryPolicy.StartOf(expiresAt.InZone(zone).Date.PlusDays(-days), zone);
                string id = $"{what}/{days.ToString(CultureInfo.InvariantCulture)}d";
                if (dueAt >= from && dueAt < to && !sent.Any(s => s.Id == id))
                {
                    due.Add(new ExpiryReminder(id, subject, days, dueAt, expiresAt, points, voucherId));
                }
            }
        }

        if (policy.Points)
        {
            foreach (var expiring in ExpiringBy(account, Instant.MaxValue))
            {
                Add(ReminderSubject.Points, $"points@{InstantPattern.ExtendedIso.Format(expiring.At)}", expiring.At, expiring.Points.Value, null);
            }
        }

        if (policy.Vouchers)
        {
            foreach (var voucher in account.Vouchers)
            {
                if (voucher.Status == VoucherStatus.Issued && voucher.ValidUntil is { } until)
                {
                    Add(ReminderSubject.Voucher, $"voucher:{voucher.Id}", ExpiryPolicy.StartOf(until.PlusDays(1), zone), 0, voucher.Id);
                }
            }
        }

        if (due.Count == 0)
        {
            return new DueReminders([], account);
        }

        due.Sort(static (a, b) => a.DueAt != b.DueAt ? a.DueAt.CompareTo(b.DueAt) : string.CompareOrdinal(a.Id, b.Id));
        var remembered = account with { State = account.State.With(ReminderState.Sent, sent.AddRange(due.Select(d => new SentReminder(d.Id, d.ExpiresAt)))) };
        return new DueReminders([.. due], remembered.Checked());
    }

    /// <summary>What an amount of points is worth in the program currency, rounded down to the minor unit.</summary>
    /// <param name="points">The points.</param>
    /// <returns>The money.</returns>
    public Money ValueOf(Points points)
    {
        decimal unit = Currency.MinorUnit(program.Currency);
        return new Money(decimal.Floor(points.Value / program.Redemption.PointsPerCurrencyUnit / unit) * unit, program.Currency);
    }

    internal Instant? InactivityDeadline(Instant? lastActivity)
        => lastActivity is { } last ? program.Lots.Expiry.InactivityExpiry(last.InZone(program.TimeZone).Date, program.TimeZone) : null;

    private static Instant? Earliest(Instant? a, Instant? b) => a is null ? b : b is null ? a : (a < b ? a : b);

    private FraudVerdict Inspect(LedgerEvent e, long points, decimal spend, AccountDraft draft, MemberContext member, FraudSignals signals)
        => program.Fraud.Inspect(new FraudInput(e, points, spend, draft.Applied, member, signals, program.TimeZone));

    /// <summary>The points an accrual claims from budgets and would pay if granted: the fraud checks weigh them too.</summary>
    private static long PendingPoints(AccrualResult accrual)
    {
        long points = 0;
        foreach (var claim in accrual.Claims)
        {
            points += claim.Status == BudgetClaimStatus.Pending ? claim.Points.Value : 0;
        }

        return points;
    }

    /// <summary>Why a receipt is refused: its signature is not this ledger's (forged, altered, or signed under another key).</summary>
    private static string? Unsigned(bool signed, string what, string id)
        => signed ? null : $"the receipt of {what} '{id}' is not signed by this ledger: forged, altered after signing, or signed with another receipt key.";

    private static string? Hold(FraudVerdict verdict) => verdict.Action == FraudAction.Hold ? verdict.Reason : null;

    private static LedgerOutcome Unchanged(AccountDraft draft, MemberAccount account, Instant at, LedgerStatus status, string reason, FraudVerdict? fraud = null)
        => new(account, [], status, reason, null, null, null, fraud) { Tier = draft.TierAt(at) };

    /// <summary>
    /// The member's tier as the account keeps it, at <paramref name="at"/> (or at the account's last event, if later:
    /// the account never goes back), without changing the account; a change it shows is reported by the next event or due work.
    /// </summary>
    /// <param name="account">The account.</param>
    /// <param name="at">The instant.</param>
    /// <returns>The decision; null when the program has no tier ladder or the account has had no event yet.</returns>
    public TierDecision? TierOf(MemberAccount account, Instant at)
        => Preconditions.NotNull(account, nameof(account)).State.Get(TierState.Track) is { } kept && program.TierDecider is { } decider ? decider.DecisionOf(kept, at) : null;
}

/// <summary>Where the windows of an event's day start: the first day and instant it retains, and the first instant of its refund window.</summary>
internal sealed record RetentionWindows(LocalDate Day, LocalDate RetainedFrom, Instant Retention, Instant RefundWindow);

/// <summary>The id of due work of a kind at an instant (<c>expire@{ticks}</c>).</summary>
internal sealed record DueWork(string Kind, Instant AsOf, string Id);
