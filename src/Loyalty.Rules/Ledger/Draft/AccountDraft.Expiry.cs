using NodaTime;

namespace Loyalty.Rules;

/// <summary>Expiry of lots that are due, and of everything after the inactivity period.</summary>
internal sealed partial class AccountDraft
{
    /// <summary>Expires what is due: lots past their expiry, or everything after the inactivity period.</summary>
    public void Expire()
    {
        var inactivity = program.Ledger.InactivityDeadline(lastActivity);
        bool inactive = inactivity is { } deadline && deadline <= at;
        bool any = false;
        for (int i = lots.Count - 1; i >= 0; i--)
        {
            var lot = lots[i];
            if (Due(lot, inactive, at))
            {
                any = true;
                totals = totals with { Expired = totals.Expired + lot.Remaining };
                LotEntry(Quiet ? "" : $"{eventId}:{lot.Id}", LedgerEntryKind.Expired, lot.Remaining.Value, lot.Id, inactive ? "no activity for the inactivity period" : "lot expired");
            }
        }

        if (any)
        {
            lots.RemoveAll((inactive, at), static (lot, s) => Due(lot, s.inactive, s.at)); // the soonest expiring come first: usually a front, not copied
        }

        ExpireVouchers();

        // Held points are not the member's yet: they expire, if due, once released.
        static bool Due(PointLot lot, bool inactive, Instant at) => !lot.IsHeld && (inactive || (lot.ExpiresAt is { } expiry && expiry <= at));
    }
}
