using System.Linq;
using Loyalty.Rules.Reference;
using NodaTime;

namespace Loyalty.Rules.Benchmarks;

/// <summary>W1 converted to the library's inputs (tier into the member view, currency USD), before anything is timed.</summary>
public sealed class W1Inputs
{
    public W1Inputs()
    {
        Raw = W1.Generate().ToArray();
        Transactions = Raw.Select(t => new Transaction(
            t.Id,
            t.MemberId,
            Instant.FromDateTimeOffset(t.OccurredAtUtc),
            "USD",
            t.Channel,
            t.Lines.Select(l => new TransactionLine(l.Sku, l.Category, l.Quantity, l.UnitPrice, l.Discount)))).ToArray();
        Members = Raw.Select(t => new MemberContext(t.MemberId, t.Tier)).ToArray();
    }

    /// <summary>W1 as generated.</summary>
    public W1Transaction[] Raw { get; }

    /// <summary>The transactions.</summary>
    public Transaction[] Transactions { get; }

    /// <summary>The member view of each transaction.</summary>
    public MemberContext[] Members { get; }
}
