using NodaTime;

namespace Loyalty.Rules;

/// <summary>
/// What fraud checks see of one event before it applies: the event, what it would award, the event ids the account remembers, the
/// member and the host's signals.
/// </summary>
internal readonly record struct FraudInput(LedgerEvent Event, long Points, decimal Spend, System.Collections.Generic.IReadOnlyList<AppliedEvent> Applied, MemberContext Member, FraudSignals Signals, DateTimeZone Zone)
{
    /// <summary>Whether the event earns points (purchases and activities).</summary>
    public bool Earns => Event is PurchaseEvent or ActivityAccrualEvent;

    /// <summary>Points earned and purchases made in the account since <paramref name="from"/> (exclusive) up to the event.</summary>
    public (long Points, int Purchases, int Redemptions) Since(Instant from, bool inclusive = false)
    {
        long points = 0;
        int purchases = 0, redemptions = 0;
        for (int i = 0; i < Applied.Count; i++)
        {
            var e = Applied[i];
            if ((inclusive ? e.At < from : e.At <= from) || e.At > Event.At)
            {
                continue;
            }

            switch (e.Kind)
            {
                case LedgerEventKind.Purchase:
                    purchases++;
                    points += e.Points;
                    break;
                case LedgerEventKind.Activity:
                    points += e.Points;
                    break;
                case LedgerEventKind.Redemption or LedgerEventKind.RewardRedemption:
                    redemptions++;
                    break;
            }
        }

        return (points, purchases, redemptions);
    }
}

/// <summary>What only the host knows about an event, for the fraud checks that need it.</summary>
public sealed record FraudSignals
{
    /// <summary>No signals.</summary>
    public static FraudSignals None { get; } = new();

    /// <summary>
    /// The host's store has seen this transaction id before: for another member, or longer ago than the account
    /// remembers (a re-delivery the account remembers is a no-op duplicate, not fraud).
    /// </summary>
    public bool TransactionIdSeen { get; init; }
}
