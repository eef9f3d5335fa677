using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NodaTime;
using Orleans;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace Loyalty.Rules.Samples.Orleans;

/// <summary>One line of a purchase sent to a member grain.</summary>
[GenerateSerializer, Immutable, Alias("loyalty.line")]
public sealed record PurchaseLine(
    [property: Id(0)] string Sku,
    [property: Id(1)] string? Category,
    [property: Id(2)] decimal Quantity,
    [property: Id(3)] decimal UnitPrice);

/// <summary>A purchase sent to a member grain (the grain's key is the member).</summary>
[GenerateSerializer, Immutable, Alias("loyalty.purchase")]
public sealed record PurchaseRequest(
    [property: Id(0)] string TransactionId,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string Channel,
    [property: Id(3)] IReadOnlyList<PurchaseLine> Lines);

/// <summary>What processing an event gave.</summary>
[GenerateSerializer, Immutable, Alias("loyalty.result")]
public sealed record LedgerResult(
    [property: Id(0)] LedgerStatus Status,
    [property: Id(1)] long Points,
    [property: Id(2)] long Balance,
    [property: Id(3)] string? Reason);

/// <summary>The state a member grain persists: the account in the library's own JSON.</summary>
[GenerateSerializer, Alias("loyalty.account")]
public sealed class AccountState
{
    /// <summary>The account JSON (<see cref="MemberAccount.ToJson"/>), or null before the first event.</summary>
    [Id(0)]
    public string? Json { get; set; }

    /// <summary>Receipts of transfers given and not yet answered by the receiver (an outbox: committed with the account, sent until answered).</summary>
    [Id(1)]
    public List<string> Outbox { get; set; } = [];

    /// <summary>The declined receipts this member sent back, by transfer id: a re-delivered receipt gets the same answer.</summary>
    [Id(2)]
    public Dictionary<string, string> Declined { get; set; } = [];

    /// <summary>The receipt of this account's closure by a merge, until the absorbing member's grain has taken it.</summary>
    [Id(3)]
    public string? PendingMerge { get; set; }
}

/// <summary>A member's account: one grain per member id, the unit of consistency.</summary>
public interface IMemberGrain : IGrainWithStringKey
{
    /// <summary>Processes a purchase (a re-delivery is a duplicate).</summary>
    Task<LedgerResult> Purchase(PurchaseRequest purchase);

    /// <summary>Returns a whole purchase: its points are taken back (the program's shortfall policy decides the rest).</summary>
    Task<LedgerResult> Refund(string refundId, DateTimeOffset at, PurchaseRequest original);

    /// <summary>Spends points.</summary>
    Task<LedgerResult> Redeem(string redemptionId, long points, DateTimeOffset at);

    /// <summary>An activity that may earn points (sign-up, review, check-in, ...).</summary>
    Task<LedgerResult> Activity(string activityId, ActivityKind kind, DateTimeOffset at);

    /// <summary>Redeems a catalog reward for a voucher (a stocked reward claims a unit from its stock grain).</summary>
    Task<LedgerResult> RedeemReward(string redemptionId, string rewardId, DateTimeOffset at);

    /// <summary>The points the member has, spendable and pending, at an instant.</summary>
    Task<long> Balance(DateTimeOffset at);

    /// <summary>
    /// Gives points to another member: the giver's side is committed with the receipt in the outbox, then the receipt
    /// is delivered to the receiver's grain until it answers; a declined transfer is reversed here. A retry with the
    /// same transfer id is a duplicate that delivers what is still in the outbox.
    /// </summary>
    Task<LedgerResult> Give(string transferId, string toMemberId, long points, DateTimeOffset at);

    /// <summary>
    /// The receiver's side of a transfer (the signed receipt as JSON): null when taken, else the declined receipt for the
    /// giver. It may run while this grain waits on a receiver of its own (two members giving to each other at once).
    /// </summary>
    [AlwaysInterleave]
    Task<string?> Receive(string receipt);

    /// <summary>Closes this account into another member's (a merge): the closure is committed, then the other grain absorbs the signed receipt.</summary>
    Task<LedgerResult> CloseInto(string mergeId, string intoMemberId, DateTimeOffset at);

    /// <summary>The absorbing side of a merge (the signed receipt as JSON).</summary>
    Task<LedgerResult> Absorb(string receipt);
}

/// <summary>
/// Holds the member's account; Orleans runs one call at a time per activation (only <see cref="IMemberGrain.Receive"/>
/// interleaves, and every step that reads and writes the account runs under the grain's gate), so events of one member
/// never race. The account is written before the call answers: a silo lost after the answer loses nothing.
/// </summary>
public sealed class MemberGrain(
    [PersistentState("account", MemberGrain.Storage)] IPersistentState<AccountState> state,
    LoyaltyProgram program,
    LedgerProcessor ledger) : Grain, IMemberGrain
{
    /// <summary>The name of the grain storage the accounts are kept in.</summary>
    public const string Storage = "accounts";

    private readonly SemaphoreSlim gate = new(1, 1);
    private MemberAccount account = MemberAccount.Open("-");

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        account = state.State.Json is { } json ? MemberAccount.FromJson(json) : MemberAccount.Open(this.GetPrimaryKeyString());
        await Deliver(); // what a silo lost before delivering goes out now
    }

    /// <inheritdoc />
    public Task<LedgerResult> Purchase(PurchaseRequest purchase)
        => Apply(new PurchaseEvent(TransactionOf(Preconditions(purchase))));

    /// <inheritdoc />
    public Task<LedgerResult> Refund(string refundId, DateTimeOffset at, PurchaseRequest original)
    {
        var transaction = TransactionOf(Preconditions(original));
        return Apply(new RefundEvent(refundId, Instant.FromDateTimeOffset(at), transaction, transaction.Lines.Select((line, i) => new ReturnedLine(i, line.Quantity))));
    }

    /// <inheritdoc />
    public Task<LedgerResult> Redeem(string redemptionId, long points, DateTimeOffset at)
        => Apply(new RedemptionEvent(redemptionId, this.GetPrimaryKeyString(), Instant.FromDateTimeOffset(at), points));

    /// <inheritdoc />
    public Task<LedgerResult> Activity(string activityId, ActivityKind kind, DateTimeOffset at)
        => Apply(new ActivityAccrualEvent(new ActivityEvent(activityId, this.GetPrimaryKeyString(), Instant.FromDateTimeOffset(at), kind)));

    /// <inheritdoc />
    public Task<LedgerResult> RedeemReward(string redemptionId, string rewardId, DateTimeOffset at)
        => Apply(new RewardRedemptionEvent(redemptionId, this.GetPrimaryKeyString(), Instant.FromDateTimeOffset(at), rewardId));

    private static PurchaseRequest Preconditions(PurchaseRequest purchase) => purchase ?? throw new ArgumentNullException(nameof(purchase));

    private Transaction TransactionOf(PurchaseRequest purchase)
        => new(purchase.TransactionId, this.GetPrimaryKeyString(), Instant.FromDateTimeOffset(purchase.At), program.Currency, purchase.Channel,
            purchase.Lines.Select(l => new TransactionLine(l.Sku, l.Category, l.Quantity, l.UnitPrice)));

    /// <summary>Processes one event (through the budget grains when it claims a budget or a reward's stock) and commits it.</summary>
    private Task<LedgerResult> Apply(LedgerEvent e) => Locked(() => Applied(e));

    private async Task<LedgerResult> Applied(LedgerEvent e)
    {
        var member = new MemberContext(this.GetPrimaryKeyString());
        var outcome = ledger.Process(account, e, member);
        if (outcome.Status == LedgerStatus.AwaitingBudget)
        {
            // The library's claim protocol: each budget grain decides and commits its claim, then the event is
            // processed again with the decisions (a retry asks again and is answered the same).
            var grants = new List<BudgetClaim>();
            foreach (var claim in outcome.Claims)
            {
                long granted = await GrainFactory.GetGrain<IBudgetGrain>(IBudgetGrain.KeyOf(claim))
                    .Claim(new ClaimRequest(claim.EventId, claim.MemberId, claim.Points.Value, claim.AllowPartial));
                grants.Add(claim.Decide(granted));
            }

            outcome = ledger.Process(account, e, member, grants: grants);
        }

        if (outcome.Status is LedgerStatus.Applied or LedgerStatus.Held)
        {
            await Save(outcome.Account);             // committed before the account in memory moves on
        }

        var balance = account.BalanceAt(e.At);
        return new LedgerResult(outcome.Status, outcome.Accrual?.Total.Value ?? 0, balance.Available.Value + balance.Pending.Value, outcome.Reason);
    }

    /// <inheritdoc />
    public async Task<LedgerResult> Give(string transferId, string toMemberId, long points, DateTimeOffset at)
    {
        string member = this.GetPrimaryKeyString();
        var outcome = await Locked(async () =>
        {
            var given = ledger.Process(account, new TransferOutEvent(transferId, member, toMemberId, Instant.FromDateTimeOffset(at), points), new MemberContext(member));
            if (given.Status == LedgerStatus.Applied)
            {
                state.State.Outbox.Add(given.Transfer!.ToJson());
                await Save(given.Account);
            }

            return given;
        });

        await Deliver();
        var balance = account.BalanceAt(Instant.FromDateTimeOffset(at));
        return new LedgerResult(outcome.Status, -points, balance.Available.Value + balance.Pending.Value, outcome.Reason);
    }

    /// <inheritdoc />
    public Task<string?> Receive(string receipt) => Locked(() => Received(receipt));

    private async Task<string?> Received(string receipt)
    {
        var received = TransferReceipt.FromJson(receipt);
        if (state.State.Declined.TryGetValue(received.TransferId, out string? declined))
        {
            return declined;
        }

        string member = this.GetPrimaryKeyString();
        var outcome = ledger.Process(account, new TransferInEvent(received), new MemberContext(member));
        if (outcome.Status == LedgerStatus.Declined)
        {
            state.State.Declined[received.TransferId] = outcome.Transfer!.ToJson();
        }

        if (outcome.Status is LedgerStatus.Applied or LedgerStatus.Declined)
        {
            await Save(outcome.Account);
        }

        return outcome.Status == LedgerStatus.Declined ? state.State.Declined[received.TransferId]
            : outcome.Status is LedgerStatus.Applied or LedgerStatus.Duplicate ? null
            : throw new InvalidOperationException($"transfer '{received.TransferId}' refused by '{member}': {outcome.Reason}");
    }

    /// <inheritdoc />
    public async Task<LedgerResult> CloseInto(string mergeId, string intoMemberId, DateTimeOffset at)
    {
        string member = this.GetPrimaryKeyString();
        var outcome = await Locked(async () =>
        {
            var closed = ledger.Process(account, new AccountClosureEvent(mergeId, member, intoMemberId, Instant.FromDateTimeOffset(at)), new MemberContext(member));
            if (closed.Status == LedgerStatus.Applied)
            {
                state.State.PendingMerge = closed.Merge!.ToJson(); // committed with the closure, sent until taken
                await Save(closed.Account);
            }

            return closed;
        });
        await Deliver();
        return new LedgerResult(outcome.Status, 0, 0, outcome.Reason);
    }

    /// <inheritdoc />
    public Task<LedgerResult> Absorb(string receipt) => Apply(new AccountMergeEvent(MergeReceipt.FromJson(receipt)));

    /// <summary>Sends the pending merge receipt and each transfer receipt in the outbox until answered, reversing declined transfers.</summary>
    private async Task Deliver()
    {
        string member = this.GetPrimaryKeyString();
        if (state.State.PendingMerge is { } merge)
        {
            var taken = await GrainFactory.GetGrain<IMemberGrain>(MergeReceipt.FromJson(merge).IntoMemberId).Absorb(merge); // a re-delivery is a duplicate
            if (taken.Status is LedgerStatus.Applied or LedgerStatus.Duplicate)
            {
                await Locked(async () =>
                {
                    state.State.PendingMerge = null;
                    await Save(account);
                    return 0;
                });
            }
        }

        foreach (string receipt in state.State.Outbox.ToList())
        {
            // Not under the gate: the receiver may be giving to this member right now, and its receipt must get in.
            string? declined = await GrainFactory.GetGrain<IMemberGrain>(TransferReceipt.FromJson(receipt).ToMemberId).Receive(receipt);
            await Locked(async () =>
            {
                if (!state.State.Outbox.Contains(receipt))
                {
                    return 0; // answered by another delivery meanwhile
                }

                var next = declined is null ? account
                    : ledger.Process(account, new TransferReversalEvent(TransferReceipt.FromJson(declined)), new MemberContext(member)).Account;
                state.State.Outbox.Remove(receipt);
                await Save(next);
                return 0;
            });
        }
    }

    /// <summary>
    /// Runs a step that reads the account and writes it, one at a time: a <see cref="Receive"/> interleaved while this
    /// grain awaits another never sees the account half-written, and never writes over a step in flight.
    /// </summary>
    private async Task<T> Locked<T>(Func<Task<T>> step)
    {
        await gate.WaitAsync();
        try
        {
            return await step();
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Writes the account (and the outbox) before the grain moves on.</summary>
    private async Task Save(MemberAccount next)
    {
        state.State.Json = next.ToJson();
        await state.WriteStateAsync();
        account = next;
    }

    /// <inheritdoc />
    public Task<long> Balance(DateTimeOffset at)
    {
        var balance = account.BalanceAt(Instant.FromDateTimeOffset(at));
        return Task.FromResult(balance.Available.Value + balance.Pending.Value);
    }
}
