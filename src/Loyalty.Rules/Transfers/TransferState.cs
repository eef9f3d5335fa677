using System;
using System.Collections.Immutable;
using System.Linq;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>A transfer the giver's account remembers: for the period maximum, and to reverse it if the receiver declines.</summary>
/// <param name="TransferId">The transfer.</param>
/// <param name="At">When.</param>
/// <param name="ToMemberId">The receiver.</param>
/// <param name="Points">The points given.</param>
/// <param name="Fee">The fee paid.</param>
/// <param name="Taken">The shares taken from each lot, points then fee (<see cref="PointLot.Remaining"/> holds the points taken).</param>
/// <param name="Contribution">Whether it went to the member's household pool (the transfer maximum does not count it).</param>
internal sealed record TransferRecord(string TransferId, Instant At, string ToMemberId, long Points, long Fee, ImmutableArray<PointLot> Taken, bool Contribution = false)
{
    /// <inheritdoc />
    public bool Equals(TransferRecord? other)
        => other is not null && TransferId == other.TransferId && At == other.At && ToMemberId == other.ToMemberId && Points == other.Points
           && Fee == other.Fee && Taken.SequenceEqual(other.Taken) && Contribution == other.Contribution;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(TransferId, At, Points);
}

/// <summary>What the account keeps of transfers across events.</summary>
internal static class TransferState
{
    /// <summary>
    /// The transfers the member gave, in the order applied: each until it is older than the retention window and than
    /// the period its maximum counts in (a reversal removes it).
    /// </summary>
    public static MemberStateKind<ImmutableArray<TransferRecord>> Given { get; } = new(
        "transfersGiven", [], LedgerJson.Default.ImmutableArrayTransferRecord, SequenceComparer<TransferRecord>.Instance, v => v.IsDefault ? [] : v, forget: Forget, merge: MemberStateKind.Both);

    private static ImmutableArray<TransferRecord> Forget(ImmutableArray<TransferRecord> given, LoyaltyProgram program, LocalDate horizon)
    {
        if (given.IsEmpty)
        {
            return given;
        }

        var today = horizon.Plus(program.LedgerPolicy.Retention);
        var periodStart = ExpiryPolicy.PeriodStart(program.Transfers?.Period ?? CalendarPeriod.Day, today);
        var cut = ExpiryPolicy.StartOf(horizon < periodStart ? horizon : periodStart, program.TimeZone);
        return given.Any(g => g.At < cut) ? given.RemoveAll(g => g.At < cut) : given;
    }

    /// <summary>The points given to members (contributions to a pool aside) in the local period of <paramref name="period"/> around <paramref name="day"/>.</summary>
    public static long GivenIn(ImmutableArray<TransferRecord> given, CalendarPeriod period, LocalDate day, DateTimeZone zone)
    {
        var from = ExpiryPolicy.PeriodStart(period, day);
        var until = ExpiryPolicy.PeriodStart(period, day, 1);
        long sum = 0;
        foreach (var g in given)
        {
            var date = g.At.InZone(zone).Date;
            sum += date >= from && date < until && !g.Contribution ? g.Points : 0;
        }

        return sum;
    }
}
