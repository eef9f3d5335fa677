using System;
using System.Linq;

namespace Loyalty.Rules;

/// <summary>Merging two accounts of one person: closing one into a receipt, absorbing the receipt into the other.</summary>
internal sealed partial class AccountDraft
{
    /// <summary>Closes the account: everything it holds goes into the receipt (unsigned: the processor signs it).</summary>
    public string? Close(AccountClosureEvent e, out MergeReceipt? receipt)
    {
        receipt = null;
        if (Closed() is { } closed)
        {
            return closed;
        }

        if (IsPool)
        {
            return $"'{account.MemberId}' is a household's pool: a pool is not merged.";
        }

        if (lots.Any(l => l.IsHeld) || heldRewards.Count > 0)
        {
            return "points or rewards are held for review: release or void them before closing the account.";
        }

        var tier = TierAt(at);
        var moved = lots.ToList();
        receipt = new MergeReceipt
        {
            MergeId = e.MergeId,
            FromMemberId = account.MemberId,
            IntoMemberId = e.IntoMemberId,
            At = at,
            Lots = [.. moved],
            Debt = debt,
            TierId = tier?.TierId,
            TierSecuredUntil = tier?.SecuredUntil,
            HasPurchased = hasPurchased,
            LastPurchaseAt = lastPurchase,
            LastActivityAt = lastActivity,
            Applied = [.. applied],
            Purchases = [.. purchases],
            Redemptions = [.. redemptions],
            State = state.With(TierState.Track, null).With(HouseholdState.Household, null).Write(null), // the tier by the merge policy; the household is not the absorbing account's
        };
        foreach (var lot in moved)
        {
            Entry(LedgerEntryKind.MergedOut, lot.Remaining.Value, lot.Id, $"moved to '{e.IntoMemberId}' by merge '{e.MergeId}'");
        }

        if (debt > 0)
        {
            Entry(LedgerEntryKind.MergedOut, -debt, null, $"debt moved to '{e.IntoMemberId}' by merge '{e.MergeId}'");
        }

        // Redemptions that can still be cancelled, and transfers that can still be reversed, move with their points: the
        // cancellation or reversal returns them in the absorbing account.
        totals = totals with
        {
            MergedOut = totals.MergedOut + receipt.Net,
            Redeemed = totals.Redeemed - receipt.Redeemed,
            TransferredOut = totals.TransferredOut - receipt.TransferredOut,
            TransferFees = totals.TransferFees - receipt.TransferFees,
        };
        lots.RemoveAll(static _ => true);
        purchases.RemoveAll(static _ => true);
        redemptions.RemoveAll(static _ => true);
        debt = 0;
        state = MemberState.Empty.With(MergeState.Closed, new AccountClosure(e.IntoMemberId, at, e.MergeId)); // all it kept went with the receipt
        KeepTrack(null);
        return null;
    }

    /// <summary>Takes a checked receipt's lots, debt, remembered events, vouchers, badges and (by the program's rule) tier.</summary>
    public string? Absorb(MergeReceipt receipt, MemberContext member)
    {
        if (Closed() is { } closed)
        {
            return closed;
        }

        if (IsPool)
        {
            return $"'{account.MemberId}' is a household's pool: a pool absorbs no account.";
        }

        foreach (var lot in receipt.Lots)
        {
            Insert(lot);
            Entry(LedgerEntryKind.MergedIn, lot.Remaining.Value, lot.Id, $"moved from '{receipt.FromMemberId}' by merge '{receipt.MergeId}'");
        }

        if (receipt.Debt > 0)
        {
            debt = checked(debt + receipt.Debt.Value);
            Entry(LedgerEntryKind.MergedIn, -receipt.Debt.Value, null, $"debt moved from '{receipt.FromMemberId}' by merge '{receipt.MergeId}'");
        }

        foreach (var e in receipt.Applied)
        {
            if (Remembered(e.Id) is null)
            {
                AddApplied(e);
            }
        }

        foreach (var purchase in receipt.Purchases)
        {
            purchases.Add(purchase);
        }

        foreach (var redemption in receipt.Redemptions)
        {
            redemptions.Add(redemption);
        }

        pruned = pruned with { PurchaseFloor = null, RedemptionFloor = null, AppliedFloor = null };
        hasPurchased |= receipt.HasPurchased;
        lastPurchase = Later(lastPurchase, receipt.LastPurchaseAt);
        lastActivity = Later(lastActivity, receipt.LastActivityAt);
        state = state.Merge(receipt.ClosedState); // each feature's state as it declares (vouchers, badges, transfers, the accounts it absorbed, ...)
        state = state.With(MergeState.Absorbed, state.Get(MergeState.Absorbed).Add(receipt.FromMemberId)); // its events come here now
        totals = totals with
        {
            MergedIn = totals.MergedIn + receipt.Net,
            Redeemed = totals.Redeemed + receipt.Redeemed,
            TransferredOut = totals.TransferredOut + receipt.TransferredOut,
            TransferFees = totals.TransferFees + receipt.TransferFees,
        };
        if (program.Merges.Tier == MergeTier.Higher && receipt.TierId is { } tierId && program.TierDecider is { } decider && decider.Has(tierId))
        {
            var open = OpenTrack(decider, member);
            var now = decider.DecisionOf(open, at);
            if (decider.RankOf(tierId) > decider.RankOf(now.TierId) && open.Status.Override is null && (receipt.TierSecuredUntil is not { } until || until > at))
            {
                var floor = new TierOverride { TierId = tierId, Kind = TierOverrideKind.Floor, SetAt = at, Until = receipt.TierSecuredUntil };
                KeepTrack(open with { Status = open.Status with { Override = floor } });
            }
        }

        return null;
    }

    private static NodaTime.Instant? Later(NodaTime.Instant? a, NodaTime.Instant? b) => a is null ? b : b is null ? a : NodaTime.Instant.Max(a.Value, b.Value);
}
