using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Loyalty.Rules;
using Loyalty.Rules.DependencyInjection;
using Loyalty.Rules.Reference;
using Loyalty.Rules.Samples.Orleans;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;
using Spectre.Console;

// One silo on localhost with memory storage: a member grain per member, the program (P1) from the library's DI package.
// With --load [events]: W1-like traffic (W1's baskets, spread over 10,000 members) from 64 concurrent clients, with
// events per second and latency percentiles.
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddLoyaltyRules(rules => rules.AddProgram("coffee", () => LoyaltyProgram.FromJson(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "programs", "p1-coffee.json")))));
builder.UseOrleans(silo => silo.UseLocalhostClustering().AddMemoryGrainStorage(MemberGrain.Storage));
using var host = builder.Build();
await host.StartAsync();
var grains = host.Services.GetRequiredService<Orleans.IGrainFactory>();

if (!args.Contains("--load"))
{
    var at = new DateTimeOffset(2026, 3, 4, 15, 0, 0, TimeSpan.Zero);
    var result = await grains.GetGrain<IMemberGrain>("ana").Purchase(new PurchaseRequest("T-1", at, "store", [new PurchaseLine("LATTE", "coffee", 2, 4.75m)]));
    Console.WriteLine($"ana: {result.Status}, {result.Points} points, balance {result.Balance}");
    await host.StopAsync();
    return;
}

int count = args.SkipWhile(a => a != "--load").Skip(1).Select(a => int.TryParse(a, out int n) ? n : 0).FirstOrDefault() is > 0 and var n ? n : 50_000;
const int Members = 10_000, Clients = 64;
var requests = W1.Generate(count).Select((t, i) => (Member: $"M{i % Members:D5}", Request: new PurchaseRequest(
    t.Id, t.OccurredAtUtc, t.Channel, [.. t.Lines.Select(l => new PurchaseLine(l.Sku, l.Category, l.Quantity, l.UnitPrice))]))).ToArray();
var latencies = new double[requests.Length];
var statuses = new ConcurrentDictionary<LedgerStatus, int>();
int next = -1, done = 0;
var clock = Stopwatch.StartNew();
await AnsiConsole.Progress().StartAsync(async context =>
{
    var task = context.AddTask($"{count:N0} purchases, {Members:N0} members", maxValue: requests.Length);
    async Task Client()
    {
        for (int i; (i = System.Threading.Interlocked.Increment(ref next)) < requests.Length;)
        {
            long started = Stopwatch.GetTimestamp();
            var result = await grains.GetGrain<IMemberGrain>(requests[i].Member).Purchase(requests[i].Request);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            statuses.AddOrUpdate(result.Status, 1, (_, c) => c + 1);
            task.Value = System.Threading.Interlocked.Increment(ref done);
        }
    }

    await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(Client)));
});
clock.Stop();
Array.Sort(latencies);
double P(double q) => latencies[Math.Min(latencies.Length - 1, (int)(q * latencies.Length))];
Console.WriteLine(FormattableString.Invariant(
    $"{requests.Length:N0} purchases for {Members:N0} members from {Clients} clients on {Environment.ProcessorCount} cores in {clock.Elapsed.TotalSeconds:F2} s: {requests.Length / clock.Elapsed.TotalSeconds:N0} events/s; latency p50 {P(0.50):F2} ms, p90 {P(0.90):F2} ms, p99 {P(0.99):F2} ms, max {latencies[^1]:F2} ms."));
Console.WriteLine(string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value:N0}")));
await host.StopAsync();
