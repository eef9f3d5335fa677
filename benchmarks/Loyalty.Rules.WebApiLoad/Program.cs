using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Loyalty.Rules.Samples.WebApi;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

// dotnet run -c Release --project benchmarks/Loyalty.Rules.WebApiLoad -- [purchases] [members] [clients] [warm-up purchases]
int purchases = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
int members = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;
int clients = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 32;
int warmup = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 5_000; // until the JIT's tiers settle (dynamic PGO)
string database = Path.Combine(Path.GetTempPath(), $"loyalty-load-{Guid.NewGuid():N}.db");

var app = LoyaltyApi.Build([], new Dictionary<string, string?>
{
    ["Loyalty:Database"] = database,
    ["Loyalty:ApiKey"] = "load-key",
    ["Logging:LogLevel:Default"] = "Warning", // one log line per purchase at Information would measure the console
});
app.Urls.Add("http://127.0.0.1:0");
await app.StartAsync();
var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients }) { BaseAddress = new Uri(address) };
http.DefaultRequestHeaders.Add("X-Api-Key", "load-key");
var start = new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.Zero);

// Purchase i is by member i % members, one minute after purchase i - 1 (so P1's velocity check never holds one); the
// warm-up purchases go to other members, so the measured members start with new accounts.
async Task<double> Post(int i)
{
    string member = i < warmup ? $"w{i % members}" : $"m{i % members}";
    string body = $$"""
        { "id": "L-{{i}}", "memberId": "{{member}}", "occurredAt": "{{start.AddMinutes(i):O}}", "tier": "Gold",
          "lines": [ { "sku": "LATTE", "category": "coffee", "quantity": 2, "unitPrice": 4.95 }, { "sku": "MUG", "category": "merch", "quantity": 1, "unitPrice": 12.00 } ] }
        """;
    var watch = Stopwatch.StartNew();
    using var response = await http.PostAsync("/transactions", new StringContent(body, Encoding.UTF8, "application/json"));
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"purchase {i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    return watch.Elapsed.TotalMilliseconds;
}

async Task<(double Seconds, double[] Latencies)> Run(int from, int count)
{
    var latencies = new double[count];
    int next = from - 1;
    var watch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
    {
        for (int i = Interlocked.Increment(ref next); i < from + count; i = Interlocked.Increment(ref next))
        {
            latencies[i - from] = await Post(i);
        }
    }));
    return (watch.Elapsed.TotalSeconds, latencies);
}

await Run(0, warmup);
var cpu = Process.GetCurrentProcess().TotalProcessorTime;
var (seconds, measured) = await Run(warmup, purchases);
cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
Array.Sort(measured);
double Percentile(double p) => measured[Math.Min(measured.Length - 1, (int)Math.Ceiling(p * measured.Length) - 1)];
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"WebApi load: {purchases} purchases (after {warmup} warm-up) across {members} members, {clients} clients, {Environment.ProcessorCount} cores: {purchases / seconds:0} purchases/s, p50 {Percentile(0.50):0.0} ms, p99 {Percentile(0.99):0.0} ms; CPU {cpu.TotalMilliseconds / purchases:0.00} ms per purchase (client and server)"));

await app.StopAsync();
await app.DisposeAsync();
Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
foreach (var file in new[] { database, database + "-wal", database + "-shm" })
{
    File.Delete(file);
}
