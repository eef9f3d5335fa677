using System;
using Loyalty.Rules.Reference;
using NodaTime;

namespace Loyalty.Rules.Benchmarks;

/// <summary>P1 written directly in C#, decimal all the way: the baseline the library is compared with.</summary>
public static class HandCodedP1
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];

    public static long Points(W1Transaction t)
    {
        decimal rated = 0m, spend = 0m;
        foreach (var line in t.Lines)
        {
            if (line.Category == "gift-card")
            {
                continue;
            }

            decimal amount = line.Amount;
            spend += amount;
            rated += amount * (line.Category == "merch" ? 3m : 2m);
        }

        rated *= t.Tier switch
        {
            "Silver" => 1.2m,
            "Gold" => 1.5m,
            _ => 1.0m,
        };
        if (Instant.FromDateTimeOffset(t.OccurredAtUtc).InZone(NewYork).DayOfWeek == IsoDayOfWeek.Tuesday)
        {
            rated *= 2m;
        }

        decimal total = rated + (spend >= 35.00m ? 50m : 0m) + (t.Channel == "app" ? 10m : 0m);
        return Math.Min(2000L, (long)decimal.Floor(total));
    }
}
