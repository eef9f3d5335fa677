using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>Transfers: the giver's side takes points and fee, the receiver's side adds the points, a reversal returns them.</summary>
internal sealed partial class AccountDraft
{
    public const string TransferRule = "transfer";

    /// <summary>
    /// The giver's side: the receipt it returns is unsigned (the processor signs it). A transfer to the household's own
    /// id is a contribution to its pool: the household policy's, with no fee and no maximum; any other is a transfer
    /// between members, under the transfer policy.
    /// </summary>
    public string? TransferOut(TransferOutEvent e, out TransferReceipt? receipt)
    {
        receipt = null;
        bool contribution = e.HouseholdId is not null && e.ToMemberId == e.HouseholdId;
        var policy = program.Transfers;
        string? refusal = Closed()
            ?? (IsPool ? $"'{account.MemberId}' is a household's pool: its members redeem from it, it gives no points." : null)
            ?? (contribution
                ? (program.Households is null ? "the program has no households." : HouseholdProblem(e.HouseholdId, "contribute"))
                : policy is null ? "the program does not allow transfers."
                : e.HouseholdId is not null || policy.HouseholdOnly ? HouseholdProblem(e.HouseholdId, "give") : null);
        if (refusal is not null)
        {
            return refusal;
        }

        long points = e.Points.Value, fee = contribution ? 0 : policy!.FeeOf(points);
        var given = state.Get(TransferState.Given);
        if (!contribution)
        {
            if (points < policy!.Minimum)
            {
                return FormattableString.Invariant($"transfers start at {policy.Minimum} points; {points} asked.");
            }

            if (policy.MaximumPerPeriod is { } max && TransferState.GivenIn(given, policy.Period, Today, zone) is var sent && sent + points > max)
            {
                return FormattableString.Invariant($"at most {max} points may be given per {ProgramJson.Name(policy.Period)}: {sent} given already, {points} more asked.");
            }
        }

        if (!Covers(checked(points + fee)))
        {
            return FormattableString.Invariant($"{points} points{(fee > 0 ? $" and a fee of {fee}" : "")} asked, {Math.Max(0, Available())} available.");
        }

        receipt = Give(e.TransferId, e.ToMemberId, e.HouseholdId, points, fee, pendingToo: false, which: null);
        lastActivity = at;
        return null;
    }

    /// <summary>Takes the points (then the fee), remembers the transfer and returns its unsigned receipt.</summary>
    private TransferReceipt Give(string transferId, string to, string? householdId, long points, long fee, bool pendingToo, Func<PointLot, bool>? which)
    {
        var taken = Take(points, pendingToo, LedgerEntryKind.TransferredOut, to == householdId ? $"contributed to household '{to}'" : $"given to '{to}'", which);
        var pieces = Pieces(taken);
        if (fee > 0)
        {
            taken.AddRange(Take(fee, pendingToo: false, LedgerEntryKind.TransferFee, $"fee for transfer '{transferId}'"));
        }

        state = state.With(TransferState.Given, state.Get(TransferState.Given).Add(new TransferRecord(transferId, at, to, points, fee, [.. taken], to == householdId)));
        totals = totals with { TransferredOut = totals.TransferredOut + points, TransferFees = totals.TransferFees + fee };
        return new TransferReceipt
        {
            TransferId = transferId,
            FromMemberId = account.MemberId,
            ToMemberId = to,
            HouseholdId = householdId,
            At = at,
            Points = points,
            Fee = fee,
            Pieces = pieces,
            Stage = TransferStage.Sent,
        };
    }

    /// <summary>The points taken, by expiry (the lots are in spending order: equal expiries are neighbours).</summary>
    private static ImmutableArray<TransferredPoints> Pieces(List<PointLot> taken)
    {
        var pieces = ImmutableArray.CreateBuilder<TransferredPoints>();
        foreach (var share in taken)
        {
            if (pieces.Count > 0 && pieces[^1].ExpiresAt == share.ExpiresAt)
            {
                pieces[^1] = pieces[^1] with { Points = pieces[^1].Points + share.Remaining, AvailableAt = Instant.Max(pieces[^1].AvailableAt, share.AvailableAt) };
            }
            else
            {
                pieces.Add(new TransferredPoints(share.Remaining, share.ExpiresAt, share.AvailableAt));
            }
        }

        return pieces.ToImmutable();
    }

    /// <summary>
    /// The receiver's side of a receipt already checked: adds the points (repaying a debt first), or returns why the
    /// account declines them (<paramref name="declined"/>; nothing else changes).
    /// </summary>
    public void TransferIn(TransferReceipt receipt, out string? declined)
    {
        declined = Closed() ?? ReceiveProblem(receipt);
        if (declined is not null)
        {
            return;
        }

        long points = receipt.Points.Value;
        long rest = points - RepayDebt(points);
        string reason = $"given by '{receipt.FromMemberId}'";
        if (program.Transfers?.Expiry == TransferExpiry.Renew)
        {
            AddLot($"{eventId}/1", TransferRule, rest, LotPolicy.Default with { Expiry = program.Lots.Expiry }, null, reason, LedgerEntryKind.TransferredIn);
        }
        else
        {
            // The debt took from the soonest-expiring points: the lots are what is left of the pieces, one per expiry.
            long skip = points - rest;
            int n = 0;
            foreach (var piece in receipt.Pieces)
            {
                long part = piece.Points.Value - Math.Min(skip, piece.Points.Value);
                skip -= piece.Points.Value - part;
                if (part > 0)
                {
                    string id = FormattableString.Invariant($"{eventId}/{++n}");
                    var availableAt = Instant.Max(at, piece.AvailableAt); // a contribution's pending points stay pending
                    Insert(new PointLot { Id = id, SourceId = eventId, RuleId = TransferRule, Points = part, Remaining = part, EarnedAt = at, AvailableAt = availableAt, ExpiresAt = piece.ExpiresAt, Matured = availableAt <= at });
                    Entry(LedgerEntryKind.TransferredIn, part, id, reason);
                }
            }
        }

        totals = totals with { TransferredIn = totals.TransferredIn + points };
        if (IsPool && receipt.Qualifying is { } qualifying)
        {
            Qualifying = qualifying; // the household's tier counts what its members' purchases qualify
        }
    }

    /// <summary>Why this account cannot take the receipt's points, or null.</summary>
    private string? ReceiveProblem(TransferReceipt receipt)
    {
        if (IsPool)
        {
            return receipt.HouseholdId == account.MemberId && state.Get(HouseholdState.Pool)!.Members.Any(m => m.MemberId == receipt.FromMemberId)
                ? null : $"household '{account.MemberId}' takes points from its members only, and '{receipt.FromMemberId}' is not one.";
        }

        if (receipt.HouseholdId == receipt.ToMemberId)
        {
            return $"'{account.MemberId}' is not a household's pool: no member has joined it.";
        }

        return program.Transfers is not { } policy ? "the program takes no transfers."
            : receipt.HouseholdId is not null || policy.HouseholdOnly ? HouseholdProblem(receipt.HouseholdId, "receive") : null;
    }

    /// <summary>Returns a declined transfer's points and fee to the lots they came from.</summary>
    public string? ReverseTransfer(TransferReceipt declined)
    {
        var given = state.Get(TransferState.Given);
        int index = given.FindIndex(g => g.TransferId == declined.TransferId);
        if (index < 0)
        {
            return $"transfer '{declined.TransferId}' is not in the account (unknown, already reversed, or older than the retention window).";
        }

        var record = given[index];
        Restore(record.Taken, LedgerEntryKind.TransferReversed, $"transfer '{record.TransferId}' declined by '{record.ToMemberId}': {declined.DeclinedBecause}");
        state = state.With(TransferState.Given, given.RemoveAt(index));
        totals = totals with { TransferredOut = totals.TransferredOut - record.Points, TransferFees = totals.TransferFees - record.Fee };
        return null;
    }

    /// <summary>Puts shares taken earlier back into their lots (or back as lots, for lots that left), each with an entry.</summary>
    private void Restore(IEnumerable<PointLot> shares, LedgerEntryKind kind, string reason)
    {
        foreach (var share in shares)
        {
            int lot = lots.FindIndex(l => l.Id == share.Id);
            if (lot >= 0)
            {
                lots[lot] = lots[lot] with { Remaining = lots[lot].Remaining + share.Remaining };
            }
            else
            {
                Insert(share);
            }

            Entry(kind, share.Remaining.Value, share.Id, reason);
        }
    }
}
