using System;
using System.Collections.Generic;
using NodaTime;

namespace Loyalty.Rules.Accrual;

/// <summary>
/// Maps an instant to its local date in the program's zone without leaving the hot path: a sorted table of the
/// zone's offset changes (from NodaTime's zone intervals) for 1970-2100, entered through a table of 30-day buckets
/// (the offset in force when each bucket starts) and then walked forward over the changes inside the bucket. Outside
/// the table it falls back to NodaTime itself. Dates are DateOnly day numbers (0 = Monday 0001-01-01).
/// </summary>
internal sealed class LocalDayTable
{
    private const long TicksPerDay = 864_000_000_000L;
    private const long UnixEpochDayNumber = 719_162; // DateOnly(1970, 1, 1).DayNumber
    private static readonly Instant TableStart = Instant.FromUtc(1970, 1, 1, 0, 0);
    private static readonly Instant TableEnd = Instant.FromUtc(2100, 1, 1, 0, 0);

    private readonly DateTimeZone zone;
    private readonly long[] starts; // unix ticks at which each offset starts
    private readonly long[] offsets; // offset in ticks from each start until the next
    private readonly long endTicks;
    private readonly long startTicks;
    private readonly int[] buckets; // per 30-day bucket from the table start: the index of the offset in force at its start

    private const long BucketTicks = 30 * TicksPerDay;

    public LocalDayTable(DateTimeZone zone)
    {
        this.zone = zone;
        var startList = new List<long>();
        var offsetList = new List<long>();
        foreach (var interval in zone.GetZoneIntervals(new Interval(TableStart, TableEnd)))
        {
            long start = interval.HasStart && interval.Start > TableStart ? interval.Start.ToUnixTimeTicks() : TableStart.ToUnixTimeTicks();
            startList.Add(start);
            offsetList.Add(interval.WallOffset.Ticks);
        }

        starts = [.. startList];
        offsets = [.. offsetList];
        endTicks = TableEnd.ToUnixTimeTicks();
        startTicks = starts[0];
        buckets = new int[(int)((endTicks - startTicks) / BucketTicks) + 1];
        for (int k = 0, i = 0; k < buckets.Length; k++)
        {
            long bucketStart = startTicks + (k * BucketTicks);
            while (i + 1 < starts.Length && starts[i + 1] <= bucketStart)
            {
                i++;
            }

            buckets[k] = i;
        }
    }

    /// <summary>The local date of an instant, as a DateOnly day number.</summary>
    public int DayNumber(Instant instant)
    {
        long ticks = instant.ToUnixTimeTicks();
        long offset;
        if (ticks >= startTicks && ticks < endTicks)
        {
            // The offset in force when the instant's bucket starts, then the changes inside the bucket.
            int i = buckets[(int)((ticks - startTicks) / BucketTicks)];
            while (i + 1 < starts.Length && starts[i + 1] <= ticks)
            {
                i++;
            }

            offset = offsets[i];
        }
        else
        {
            offset = zone.GetUtcOffset(instant).Ticks;
        }

        return (int)(Math.DivRem(ticks + offset, TicksPerDay, out long rest) - (rest < 0 ? 1 : 0) + UnixEpochDayNumber);
    }

    public static int DayNumber(LocalDate date) => date.ToDateOnly().DayNumber;

    /// <summary>ISO day of week (Monday 1 .. Sunday 7) of a day number.</summary>
    public static int IsoDayOfWeek(int dayNumber) => (dayNumber % 7) + 1;
}
