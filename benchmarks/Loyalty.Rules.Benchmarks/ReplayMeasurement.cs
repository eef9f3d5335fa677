using System;
using System.Diagnostics;
using System.Linq;
using Loyalty.Rules.Samples;
using Loyalty.Rules.Testing;
using NodaTime;

namespace Loyalty.Rules.Benchmarks;

/// <summary>
/// Replays the first 1,000,000 events of the generated history of 100,000 members (<see cref="LoyaltyHistory"/>, from
/// 2026-01-01) through P1, then compares P1 with its candidate (double points on Mondays, Gold from $800) over the same
/// events in one pass. Prints events per second, allocation and peak working set. Run with <c>--replay</c>.
/// </summary>
public static class ReplayMeasurement
{
    private const int Members = 100_000;
    private const int Events = 1_000_000;

    public static void Run()
    {
        var program = CoffeeProgram.Build();
        var candidate = LoyaltyProgram.FromJson(System.IO.File.ReadAllText(System.IO.Path.Combine(AppContext.BaseDirectory, "programs", "p1-coffee-candidate.json")));
        var history = LoyaltyHistory.Generate(program, Members, new LocalDate(2026, 1, 1));

        var clock = Stopwatch.StartNew();
        long generated = history.Events().Take(Events).LongCount();
        var generation = clock.Elapsed;

        Measure("Replay", () => Replay.Run(program, history.Events().Take(Events), history.MemberOf), r => (r.Events, r.Members.Length, r.Liability));
        Measure("Compare", () => Replay.Compare(program, candidate, history.Events().Take(Events), history.MemberOf), d => (d.Current.Events, d.Current.Members.Length, d.Current.Liability));
        Console.WriteLine(FormattableString.Invariant($"Generating the {generated:N0} events alone takes {generation.TotalSeconds:F2} s (included above)."));
    }

    private static void Measure<T>(string what, Func<T> run, Func<T, (long Events, int Members, LiabilityReport Liability)> figures)
    {
        GC.Collect();
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var result = run();
        clock.Stop();
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var (count, members, liability) = figures(result);
        long live = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine(FormattableString.Invariant(
            $"{what}: {count:N0} events, {members:N0} members in {clock.Elapsed.TotalSeconds:F2} s on one thread ({count / clock.Elapsed.TotalSeconds:N0} events/s); allocated {allocated / 1e9:F2} GB; live after {live / 1e6:N0} MB; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:N0} MB."));
        Console.WriteLine(FormattableString.Invariant(
            $"  issued {liability.Issued.Value:N0}, redeemed {liability.Totals.Redeemed.Value:N0}, expired {liability.Breakage.Value:N0}, outstanding {liability.Outstanding.Value:N0} ({liability.Liability})."));
        GC.KeepAlive(result);
    }
}
