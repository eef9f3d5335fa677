using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NodaTime;
using Orleans;
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
}

/// <summary>A member's account: one grain per member id, the unit of consistency.</summary>
public interface IMemberGrain : IGrainWithStringKey
{
    /// <summary>Processes a purchase (a re-delivery is a duplicate).</summary>
    Task<LedgerResult> Purchase(PurchaseRequest purchase);

    /// <summary>The points the member has, spendable and pending, at an instant.</summary>
    Task<long> Balance(DateTimeOffset at);
}

/// <summary>
/// Holds the member's account; Orleans runs one call at a time per activation, so events of one member never race.
/// The account is written before the call answers: a silo lost after the answer loses nothing.
/// </summary>
public sealed class MemberGrain(
    [PersistentState("account", MemberGrain.Storage)] IPersistentState<AccountState> state,
    LoyaltyProgram program) : Grain, IMemberGrain
{
    /// <summary>The name of the grain storage the accounts are kept in.</summary>
    public const string Storage = "accounts";

    private MemberAccount account = MemberAccount.Open("-");

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        account = state.State.Json is { } json ? MemberAccount.FromJson(json) : MemberAccount.Open(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<LedgerResult> Purchase(PurchaseRequest purchase)
    {
        ArgumentNullException.ThrowIfNull(purchase);
        string member = this.GetPrimaryKeyString();
        var at = Instant.FromDateTimeOffset(purchase.At);
        var transaction = new Transaction(purchase.TransactionId, member, at, program.Currency, purchase.Channel,
            purchase.Lines.Select(l => new TransactionLine(l.Sku, l.Category, l.Quantity, l.UnitPrice)));
        var purchaseEvent = new PurchaseEvent(transaction);
        var outcome = program.Ledger.Process(account, purchaseEvent, new MemberContext(member));
        if (outcome.Status == LedgerStatus.AwaitingBudget)
        {
            // The library's claim protocol: each budget grain decides and commits its claim, then the purchase is
            // processed again with the decisions (a retry asks again and is answered the same).
            var grants = new List<BudgetClaim>();
            foreach (var claim in outcome.Claims)
            {
                long granted = await GrainFactory.GetGrain<IBudgetGrain>(claim.OfferId)
                    .Claim(new ClaimRequest(claim.EventId, claim.MemberId, claim.Points.Value, claim.AllowPartial));
                grants.Add(claim.Decide(granted));
            }

            outcome = program.Ledger.Process(account, purchaseEvent, new MemberContext(member), grants: grants);
        }

        if (outcome.Status is LedgerStatus.Applied or LedgerStatus.Held)
        {
            state.State.Json = outcome.Account.ToJson();
            await state.WriteStateAsync();           // committed before the account in memory moves on
            account = outcome.Account;
        }

        var balance = account.BalanceAt(at);
        return new LedgerResult(outcome.Status, outcome.Accrual?.Total.Value ?? 0, balance.Available.Value + balance.Pending.Value, outcome.Reason);
    }

    /// <inheritdoc />
    public Task<long> Balance(DateTimeOffset at)
    {
        var balance = account.BalanceAt(Instant.FromDateTimeOffset(at));
        return Task.FromResult(balance.Available.Value + balance.Pending.Value);
    }
}
