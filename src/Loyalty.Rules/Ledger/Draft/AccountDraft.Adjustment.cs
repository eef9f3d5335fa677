using System;

namespace Loyalty.Rules;

/// <summary>A manual adjustment: points added as a lot, or taken from the available balance.</summary>
internal sealed partial class AccountDraft
{
    public string? Adjust(long points, string reason)
    {
        if (points > 0)
        {
            long repaid = RepayDebt(points);
            if (points > repaid)
            {
                AddLot($"{eventId}/adjustment", "adjustment", points - repaid, LotPolicy.Default with { Expiry = program.Lots.Expiry }, null, reason, LedgerEntryKind.Adjusted);
            }

            totals = totals with { AdjustedUp = totals.AdjustedUp + points };
            return null;
        }

        long take = -points;
        if (!Covers(take))
        {
            return FormattableString.Invariant($"cannot take {take} points: {Math.Max(0, Available())} available.");
        }

        Take(take, pendingToo: false, LedgerEntryKind.Adjusted, reason);
        totals = totals with { AdjustedDown = totals.AdjustedDown + take };
        return null;
    }
}
