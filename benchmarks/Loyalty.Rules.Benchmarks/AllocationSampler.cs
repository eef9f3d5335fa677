using System;
using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Linq;

namespace Loyalty.Rules.Benchmarks;

/// <summary>
/// The runtime's allocation samples (one about every 100 KB, with the type that crossed the mark), summed by type: where
/// the bytes of a profiled loop go (<c>--profile-ledger ... --allocations</c>).
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private readonly ConcurrentDictionary<string, long> bytes = new();

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1); // GC keyword: AllocationTick
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) == true && e.Payload is { } payload)
        {
            var type = payload[e.PayloadNames!.IndexOf("TypeName")] as string ?? "?";
            var amount = Convert.ToInt64(payload[e.PayloadNames.IndexOf("AllocationAmount64")]);
            bytes.AddOrUpdate(type, amount, (_, sum) => sum + amount);
        }
    }

    public void Print(long calls)
    {
        foreach (var (type, sum) in bytes.OrderByDescending(p => p.Value).Take(25))
        {
            Console.WriteLine($"{sum / (double)calls,8:F0} B  {type}");
        }
    }
}
