using System.Linq;

namespace Loyalty.Rules;

/// <summary>Cancelling a redemption: its points go back to the lots they came from.</summary>
internal sealed partial class AccountDraft
{
    public string? CancelRedemption(string redemptionId)
    {
        int index = redemptions.FindIndex(r => r.Id == redemptionId);
        if (index < 0)
        {
            return $"redemption '{redemptionId}' is not in the account (unknown, already cancelled, or older than the retention window).";
        }

        var record = redemptions[index];
        if (record.Cause is not null)
        {
            return $"redemption '{redemptionId}' was a donation to '{record.Cause}': a donation cannot be cancelled.";
        }

        if (VoidVoucherOf(redemptionId) is { } refusal)
        {
            return refusal;
        }

        redemptions.RemoveAt(index);
        Restore(record.Taken, LedgerEntryKind.RedemptionCancelled, $"redemption '{redemptionId}' cancelled");
        totals = totals with { Redeemed = totals.Redeemed - record.Taken.Sum(t => t.Remaining.Value) };
        return null;
    }
}
