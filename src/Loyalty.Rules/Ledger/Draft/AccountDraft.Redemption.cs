using System;
using System.Collections.Immutable;
using System.Linq;

namespace Loyalty.Rules;

/// <summary>A redemption: soonest-expiring lots first, in the program's minimum and increments, or a donation.</summary>
internal sealed partial class AccountDraft
{
    public string? Redeem(long points, string? cause, string? redeemedBy, out Money? value)
    {
        value = null;
        if (RedeemerProblem(redeemedBy) is { } redeemer)
        {
            return redeemer;
        }

        var policy = program.Redemption;
        if (cause is not null && !policy.Causes.Contains(cause, StringComparer.Ordinal))
        {
            return policy.Causes.Count == 0
                ? "the program offers no donations."
                : $"cause '{cause}' is not one the program supports ({string.Join(", ", policy.Causes)}).";
        }

        if (points < policy.Minimum)
        {
            return FormattableString.Invariant($"redemptions start at {policy.Minimum} points; {points} asked.");
        }

        if (points % policy.Increment.Value != 0)
        {
            return FormattableString.Invariant($"redemptions are in blocks of {policy.Increment} points; {points} is not.");
        }

        if (!Covers(points))
        {
            return FormattableString.Invariant($"{points} points asked, {Math.Max(0, Available())} available.");
        }

        value = program.Ledger.ValueOf(points);
        var taken = cause is null
            ? Take(points, pendingToo: false, LedgerEntryKind.Redeemed, "redeemed")
            : Take(points, pendingToo: false, LedgerEntryKind.Donated, $"donated to '{cause}' (worth {value})");
        redemptions.Add(new RedemptionRecord { Id = eventId, At = at, Taken = [.. taken], Cause = cause });
        totals = totals with { Redeemed = totals.Redeemed + points };
        lastActivity = at;
        return null;
    }
}
