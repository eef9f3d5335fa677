using System;
using System.Collections.Generic;
using System.Globalization;

namespace Loyalty.Rules;

/// <summary>
/// The invariants every account this library writes keeps, checked whenever an account comes in (from JSON, or into
/// the ledger): a stored account that was tampered with or built by hand is refused, never used to pay out points the
/// totals cannot account for.
/// </summary>
internal static class AccountIntegrity
{
    /// <summary>The account format this version writes (and the newest it reads).</summary>
    public const int FormatVersion = 2;

    /// <summary>The first broken invariant as a path below the account (e.g. <c>lots[0].remaining</c>) and a reason, or null.</summary>
    public static (string Path, string Reason)? Problem(MemberAccount account)
    {
        if (account.FormatVersion > FormatVersion)
        {
            return ("formatVersion", $"{account.FormatVersion} is newer than this version of Loyalty.Rules reads ({FormatVersion}).");
        }

        if (string.IsNullOrWhiteSpace(account.MemberId) || Preconditions.IdProblem(account.MemberId) is not null)
        {
            return ("memberId", string.IsNullOrWhiteSpace(account.MemberId) ? "is required." : Preconditions.IdProblem(account.MemberId)!);
        }

        long remaining = 0;
        var ids = account.LotList.Length > 16 ? new HashSet<string>(account.LotList.Length, StringComparer.Ordinal) : null; // few lots: compared in place, nothing allocated
        for (int i = 0; i < account.LotList.Length; i++)
        {
            var lot = account.LotList[i];
            string at = $"lots[{i}]";
            if (lot is null)
            {
                return (at, "is required, not null.");
            }

            if (string.IsNullOrWhiteSpace(lot.Id) || (ids is null ? SeenBefore(account, i) : !ids.Add(lot.Id)))
            {
                return (at + ".id", string.IsNullOrWhiteSpace(lot.Id) ? "is required." : $"'{lot.Id}' is used by another lot.");
            }

            if (lot.Points <= 0)
            {
                return (at + ".points", $"must be positive, was {lot.Points}.");
            }

            if (lot.Remaining <= 0 || lot.Remaining > lot.Points)
            {
                return (at + ".remaining", $"must be above 0 and at most the lot's {lot.Points} points, was {lot.Remaining}.");
            }

            remaining = checked(remaining + lot.Remaining.Value);
        }

        var t = account.Totals;
        if ((Negative("accrued", t.Accrued) ?? Negative("adjustedUp", t.AdjustedUp) ?? Negative("adjustedDown", t.AdjustedDown) ?? Negative("redeemed", t.Redeemed)
            ?? Negative("expired", t.Expired) ?? Negative("reversed", t.Reversed) ?? Negative("voided", t.Voided) ?? Negative("writtenOff", t.WrittenOff)
            ?? Negative("transferredOut", t.TransferredOut) ?? Negative("transferFees", t.TransferFees) ?? Negative("transferredIn", t.TransferredIn)) is { } total)
        {
            return total;
        }

        if (account.Debt < 0)
        {
            return ("debt", $"must not be negative, was {account.Debt}.");
        }

        // Conservation: every point earned or added is still in a lot, or was spent, expired, reversed, taken or voided.
        long earned = checked(t.Accrued.Value + t.AdjustedUp.Value + t.TransferredIn.Value + t.MergedIn.Value);
        long accounted = checked(remaining - account.Debt.Value + t.Redeemed.Value + t.Expired.Value + t.Reversed.Value + t.AdjustedDown.Value + t.Voided.Value
            + t.TransferredOut.Value + t.TransferFees.Value + t.MergedOut.Value);
        if (earned != accounted)
        {
            return ("totals", string.Create(CultureInfo.InvariantCulture,
                $"do not account for the lots: accrued + adjusted up + transferred in + merged in = {earned}, but the lots ({remaining}) less the debt ({account.Debt}) plus redeemed, expired, reversed, adjusted down, voided, transferred out, transfer fees and merged out = {accounted}."));
        }

        return VoucherProblem(account.Vouchers);
    }

    /// <summary>A voucher without an id, one whose id another has, or whose state does not hold together (used with no purchase, closed while issued).</summary>
    private static (string Path, string Reason)? VoucherProblem(System.Collections.Immutable.ImmutableArray<Voucher> vouchers)
    {
        for (int i = 0; i < vouchers.Length; i++)
        {
            var v = vouchers[i];
            string at = $"vouchers[{i}]";
            if (v is null)
            {
                return (at, "is required, not null.");
            }

            if (string.IsNullOrWhiteSpace(v.Id) || vouchers.FindIndex(x => string.Equals(x?.Id, v.Id, StringComparison.Ordinal)) < i)
            {
                return (at + ".id", string.IsNullOrWhiteSpace(v.Id) ? "is required." : $"'{v.Id}' is used by another voucher.");
            }

            if (!Enum.IsDefined(v.Status))
            {
                return (at + ".status", $"'{v.Status}' is not a voucher status.");
            }

            if ((v.Status == VoucherStatus.Issued) != (v.ClosedAt is null))
            {
                return (at + ".closedAt", v.Status == VoucherStatus.Issued ? "must be left out for an issued voucher." : $"is required once a voucher is {v.Status.ToString().ToLowerInvariant()}.");
            }

            if ((v.Status == VoucherStatus.Used) != (v.UsedBy is not null))
            {
                return (at + ".usedBy", v.Status == VoucherStatus.Used ? "is required for a used voucher." : "names a purchase, but the voucher is not used.");
            }

            if (v.ValidUntil is { } until && until < v.ValidFrom)
            {
                return (at + ".validUntil", string.Create(CultureInfo.InvariantCulture, $"{until:uuuu-MM-dd} is before validFrom {v.ValidFrom:uuuu-MM-dd}."));
            }
        }

        return null;
    }

    private static bool SeenBefore(MemberAccount account, int index)
    {
        for (int j = 0; j < index; j++)
        {
            if (string.Equals(account.LotList[j]?.Id, account.LotList[index].Id, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static (string Path, string Reason)? Negative(string name, Points value)
        => value < 0 ? ("totals." + name, $"must not be negative, was {value}.") : null;
}
