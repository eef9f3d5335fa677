using System;
using System.Collections.Generic;
using Loyalty.Rules.Reference;
using NodaTime;

namespace Loyalty.Rules.Benchmarks;

/// <summary>
/// P1 hand-tuned, the speed floor: exact scaled-integer arithmetic (line amounts in cents, points in thousandths,
/// one floor division), categories and tiers resolved once when W1 is loaded, and the local day of the week read from
/// a precomputed table of the instants at which New York's local date changes (built with NodaTime from the zone's
/// intervals; NodaTime itself outside the table).
/// </summary>
public sealed class HandTunedP1
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    private readonly long[] midnights; // Unix seconds of each local midnight, consecutive local dates
    private readonly int firstDay;     // ISO day of week (1 = Monday) of the first local date

    // W1, resolved once: per transaction its tier factor in tenths, bonus in thousandths, instant, and its lines.
    private readonly int[] tierTenths;
    private readonly bool[] app;
    private readonly long[] seconds;
    private readonly int[] lineStart;
    private readonly long[] lineCents;
    private readonly byte[] lineRate;

    public HandTunedP1(IReadOnlyList<W1Transaction> w1)
    {
        var first = new LocalDate(2025, 12, 25);
        int days = 380;
        midnights = new long[days + 1];
        for (int d = 0; d <= days; d++)
        {
            midnights[d] = first.PlusDays(d).AtStartOfDayInZone(NewYork).ToInstant().ToUnixTimeSeconds();
        }

        firstDay = (int)first.DayOfWeek;
        tierTenths = new int[w1.Count];
        app = new bool[w1.Count];
        seconds = new long[w1.Count];
        lineStart = new int[w1.Count + 1];
        var cents = new List<long>();
        var rates = new List<byte>();
        for (int i = 0; i < w1.Count; i++)
        {
            var t = w1[i];
            tierTenths[i] = t.Tier switch { "Silver" => 12, "Gold" => 15, _ => 10 };
            app[i] = t.Channel == "app";
            seconds[i] = t.OccurredAtUtc.ToUnixTimeSeconds();
            lineStart[i] = cents.Count;
            foreach (var line in t.Lines)
            {
                cents.Add(decimal.ToInt64(line.Amount * 100m)); // W1 amounts have two decimals: exact
                rates.Add(line.Category switch { "gift-card" => (byte)0, "merch" => (byte)3, _ => (byte)2 });
            }
        }

        lineStart[w1.Count] = cents.Count;
        lineCents = [.. cents];
        lineRate = [.. rates];
    }

    public int Count => tierTenths.Length;

    public long Points(int i)
    {
        long rated = 0, spend = 0; // cent-points, cents
        for (int l = lineStart[i]; l < lineStart[i + 1]; l++)
        {
            byte rate = lineRate[l];
            if (rate != 0)
            {
                long amount = lineCents[l];
                spend += amount;
                rated += amount * rate;
            }
        }

        long thousandths = rated * tierTenths[i];                   // cent-points x tenths = thousandths of a point
        if (IsTuesday(seconds[i]))
        {
            thousandths *= 2;
        }

        thousandths += (spend >= 3500 ? 50_000 : 0) + (app[i] ? 10_000 : 0);
        return Math.Min(2000L, thousandths / 1000);                 // never negative: division floors
    }

    private bool IsTuesday(long unixSeconds)
    {
        long[] table = midnights;
        if (unixSeconds < table[0] || unixSeconds >= table[^1])
        {
            return Instant.FromUnixTimeSeconds(unixSeconds).InZone(NewYork).DayOfWeek == IsoDayOfWeek.Tuesday;
        }

        int d = (int)((unixSeconds - table[0]) / 86_400);           // days are 23 to 25 hours: at most one step off
        if (d >= table.Length - 1 || table[d] > unixSeconds)
        {
            d--;
        }
        else if (table[d + 1] <= unixSeconds)
        {
            d++;
        }

        return (firstDay - 1 + d) % 7 == 1;                          // ISO: Monday 0 ... Tuesday 1
    }
}
