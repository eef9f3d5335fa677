
namespace Loyalty.Rules;

/// <summary>Expiry of lots that are due, and of everything after the inactivity period.</summary>
internal sealed partial class AccountDraft
{
    /// <summary>Expires what is due: lots past their expiry, or everything after the inactivity period.</summary>
    public void Expire()
    {
        var inactivity = program.Ledger.InactivityDeadline(lastActivity);
        bool inactive = inactivity is { } deadline && deadline <= at;
        for (int i = lots.Count - 1; i >= 0; i--)
        {
            var lot = lots[i];
            if (lot.IsHeld)
            {
                continue; // held points are not the member's yet: they expire, if due, once released
            }

            if (inactive || (lot.ExpiresAt is { } expiry && expiry <= at))
            {
                lots.RemoveAt(i);
                totals = totals with { Expired = totals.Expired + lot.Remaining };
                LotEntry($"{eventId}:{lot.Id}", LedgerEntryKind.Expired, lot.Remaining.Value, lot.Id, inactive ? "no activity for the inactivity period" : "lot expired");
            }
        }
    }
}
