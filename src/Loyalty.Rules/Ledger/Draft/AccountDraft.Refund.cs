using System;
using System.Linq;

namespace Loyalty.Rules;

/// <summary>A refund: the remaining lines re-evaluated under the awarding version, the difference reversed as the debt policy says.</summary>
internal sealed partial class AccountDraft
{
    public string? Refund(RefundEvent refund)
    {
        int index = purchases.FindIndex(p => p.TransactionId == refund.Original.Id);
        if (index < 0)
        {
            return $"purchase '{refund.Original.Id}' is not in the account (unknown, or older than the refund window).";
        }

        var record = purchases[index];
        if (record.ProgramVersion != program.Version)
        {
            throw Preconditions.Invalid("refund.Original", $"purchase '{record.TransactionId}' was awarded by program version {record.ProgramVersion}; process its refund with that version, not {program.Version}.");
        }

        if (new PurchaseEvent(refund.Original) is var original && !EventFingerprint.Matches(record.Fingerprint, EventFingerprint.Of(original), original))
        {
            return $"refund '{eventId}' names purchase '{record.TransactionId}' with other content than the purchase that was applied.";
        }

        var returned = record.Returned.ToArray();
        foreach (var line in refund.Returned)
        {
            returned[line.LineIndex] += line.Quantity;
            if (returned[line.LineIndex] > refund.Original.Lines[line.LineIndex].Quantity)
            {
                return FormattableString.Invariant($"line {line.LineIndex} of '{record.TransactionId}' would be returned beyond its quantity {refund.Original.Lines[line.LineIndex].Quantity}.");
            }
        }

        if (record.Voided)
        {
            purchases[index] = record with { Returned = [.. returned] }; // its points were voided: nothing to take back, nothing counted
            return null;
        }

        // Re-evaluate what the member keeps, as the purchase was evaluated then (same version, tier, segments).
        var remaining = RefundRemainder.Of(refund.Original, returned, Currency.MinorUnitDigits(program.Currency));
        long kept = 0;
        long keptCredits = 0;
        decimal keptSpend = 0m;
        if (remaining is not null)
        {
            // The offers it used count as unused (the purchase had the right to them) and keep at most what was granted.
            var then = new MemberContext(refund.MemberId, record.TierId, record.WasFirstPurchase, record.EnrolledOn, record.Birthday, record.Segments, record.CarriedIn, record.BirthdayRewardYearBefore, isReactivation: record.WasReactivation);
            var result = program.Evaluator.EvaluateTotal(remaining, then, record.Grants);
            kept = result.Points.Value;
            keptSpend = result.EligibleSpend;
            keptCredits = Math.Min(result.TierCredits.Value, record.TierCredits);
        }

        long due = Math.Max(0, record.Awarded - record.Reversed - kept);
        long reversed = Reverse(due, l => l.SourceId == record.TransactionId && !IsGameLot(l), $"refund '{eventId}' of '{record.TransactionId}'"); // a game's lot goes back with its completion, if at all

        if (remaining is null && record.PaidBirthdayYear is { } paid && state.Get(BirthdayRewardState.PaidYear) == paid)
        {
            state = state.With(BirthdayRewardState.PaidYear, record.BirthdayRewardYearBefore); // returned in full: the birthday points can be earned again
        }

        totals = totals with { Reversed = totals.Reversed + reversed };
        state = state.Count(new EarnedPoints(program, record.At.InZone(zone).Date, -due, null));
        purchases[index] = record with { Reversed = record.Reversed + due, Returned = [.. returned], CountedSpend = keptSpend, TierCredits = keptCredits };
        RecountGames(record.TransactionId, remaining, keptSpend);
        if (record.Held)
        {
            return null; // still held: it counted toward nothing yet, so its refund takes nothing back from tiers or rewards
        }

        state = state.With(SpendRewardState.Counter, state.Get(SpendRewardState.Counter) - (record.CountedSpend - keptSpend));
        CountDividendSpend(record.At, keptSpend - record.CountedSpend);
        Qualifying = new QualifyingActivity
        {
            At = at,
            Spend = keptSpend - record.CountedSpend,
            Points = -due,
            TierCredits = keptCredits - record.TierCredits,
            Transactions = remaining is null && record.Returned.Select((r, i) => r < refund.Original.Lines[i].Quantity).Any(left => left) ? -1 : 0,
        };
        return null;
        }

    /// <summary>
    /// Takes <paramref name="due"/> points back: from the lots <paramref name="own"/> picks first, then as the program's
    /// shortfall policy says (claw back from other points, debt, or write off); returns the points reversed.
    /// </summary>
    private long Reverse(long due, Func<PointLot, bool> own, string what)
    {
        long fromOwn = TakeFrom(own, due, LedgerEntryKind.Reversed, what);
        long shortfall = due - fromOwn;
        long reversed = fromOwn;
        if (shortfall > 0)
        {
            var policy = program.LedgerPolicy.Shortfall;
            if (policy == RefundShortfall.ClawBack)
            {
                long clawed = TakeFrom(l => !l.IsHeld, shortfall, LedgerEntryKind.Reversed, $"{what}: clawed back from other points");
                reversed += clawed;
                shortfall -= clawed;
            }

            if (shortfall > 0 && policy == RefundShortfall.Debt)
            {
                debt += shortfall;
                reversed += shortfall;
                Entry(LedgerEntryKind.Debt, shortfall, null, $"{what}: points already spent");
                shortfall = 0;
            }

            if (shortfall > 0)
            {
                totals = totals with { WrittenOff = totals.WrittenOff + shortfall };
                Entry(LedgerEntryKind.WrittenOff, shortfall, null, $"{what}: points already spent, written off");
            }
        }

        return reversed;
    }
}
