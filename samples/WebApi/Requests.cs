using System;
using System.Collections.Generic;
using System.Linq;
using NodaTime;

namespace Loyalty.Rules.Samples.WebApi;

/// <summary>A line of a posted transaction.</summary>
public sealed record LineRequest(string? Sku, string? Category, decimal Quantity, decimal UnitPrice, decimal Discount);

/// <summary>A posted transaction; the host knows the member's tier and segments (a null tier: the account's).</summary>
public sealed record TransactionRequest(string? Id, string? MemberId, DateTimeOffset? OccurredAt, string? Channel, string? Currency, string? Tier, List<LineRequest>? Lines, List<string>? Segments = null)
{
    /// <summary>The purchase and the member it names, or the first problem (field: reason).</summary>
    public (Transaction? Transaction, MemberContext? Member, string? Problem) ToPurchase(Instant now)
    {
        if (string.IsNullOrWhiteSpace(Id) || string.IsNullOrWhiteSpace(MemberId))
        {
            return (null, null, string.IsNullOrWhiteSpace(Id) ? "id: is required." : "memberId: is required.");
        }

        if (Lines is not { Count: > 0 })
        {
            return (null, null, "lines: at least one line is required.");
        }

        var lines = new List<TransactionLine>(Lines.Count);
        foreach (var (line, i) in Lines.Select((l, i) => (l, i)))
        {
            try
            {
                lines.Add(new TransactionLine(line?.Sku!, line?.Category, line?.Quantity ?? 0m, line?.UnitPrice ?? 0m, line?.Discount ?? 0m));
            }
            catch (ArgumentException e)
            {
                return (null, null, $"lines[{i}].{e.Message}");
            }
            catch (OverflowException)
            {
                return (null, null, $"lines[{i}]: quantity x unitPrice does not fit in a decimal.");
            }
        }

        try
        {
            var at = OccurredAt is { } when ? Instant.FromDateTimeOffset(when) : now;
            return (new Transaction(Id, MemberId, at, Currency ?? "USD", Channel ?? "store", lines), new MemberContext(MemberId, Tier, segments: Segments), null);
        }
        catch (ArgumentException e)
        {
            return (null, null, e.Message);
        }
        catch (OverflowException)
        {
            return (null, null, "lines: the transaction's total does not fit in a decimal.");
        }
    }
}

/// <summary>A member's balance.</summary>
public sealed record BalanceResponse(string MemberId, long Available, long Pending, long Held);

/// <summary>An item of an accrual.</summary>
public sealed record ItemResponse(string RuleId, decimal Points, string Reason);

/// <summary>A budget claim of a purchase.</summary>
public sealed record ClaimResponse(string OfferId, long Claimed, long Granted, string Status);

/// <summary>What a posted transaction did.</summary>
public sealed record PurchaseResponse(string Status, string? Reason, long? Total, IReadOnlyList<ItemResponse> Items, IReadOnlyList<ClaimResponse> Budgets, BalanceResponse Balance)
{
    public static PurchaseResponse Of(LedgerOutcome outcome, string memberId, Instant at)
    {
        var balance = outcome.Account.BalanceAt(at);
        return new(
            outcome.Status.ToString(),
            outcome.Reason,
            outcome.Accrual?.Total.Value,
            [.. (outcome.Accrual?.Items ?? []).Select(i => new ItemResponse(i.RuleId, i.Points, i.Reason))],
            [.. (outcome.Accrual?.Claims ?? []).Select(c => new ClaimResponse(c.OfferId, c.Points.Value, c.Granted.Value, c.Status.ToString()))],
            new BalanceResponse(memberId, balance.Available.Value, balance.Pending.Value, balance.Held.Value));
    }
}
