using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Loyalty.Rules.DependencyInjection;
using Loyalty.Rules.Samples.Orleans;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;
using Xunit;

namespace Loyalty.Rules.Orleans.Tests;

/// <summary>Two silos, and grain storage that outlives them (as a database does): the accounts of every test.</summary>
public sealed class TwoSilos : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(2);
        builder.AddSiloBuilderConfigurator<Silo>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    /// <summary>Two points a dollar; in the app, 100 points more from a launch budget of 250 (two awards, none partial).</summary>
    public static LoyaltyProgram Program() => new LoyaltyProgramBuilder("coffee", "USD", NodaTime.DateTimeZoneProviders.Tzdb["America/New_York"])
        .AddEarnRate("base", 2m)
        .AddPolicy(new TargetedOffer
        {
            Id = "app-launch",
            StartsAt = NodaTime.Instant.FromUtc(2026, 1, 1, 0, 0),
            EndsAt = NodaTime.Instant.FromUtc(2027, 1, 1, 0, 0),
            Points = 100,
            When = new Condition { Channels = ["app"] },
            Budget = new CampaignBudget(250),
        })
        .WithTransfers(new TransferPolicy())
        .AddReward(new CatalogReward { Id = "mug", Name = "Mug", Points = 50, Value = 12.00m, Stocked = true })
        .Build();

    private sealed class Silo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo) => silo.ConfigureServices(services =>
        {
            services.AddLoyaltyRules(rules => rules.AddProgram("coffee", Program));
            services.AddKeyedSingleton<IGrainStorage>(MemberGrain.Storage, (_, _) => SharedStorage.Instance);
        });
    }
}

/// <summary>Grain storage shared by the silos of the process, with ETags: it survives a silo, as a database would.</summary>
public sealed class SharedStorage : IGrainStorage
{
    public static readonly SharedStorage Instance = new();

    private readonly ConcurrentDictionary<string, (string Json, string ETag)> rows = new();

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (rows.TryGetValue($"{stateName}/{grainId}", out var row))
        {
            grainState.State = JsonSerializer.Deserialize<T>(row.Json)!;
            grainState.ETag = row.ETag;
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        string key = $"{stateName}/{grainId}";
        var next = (JsonSerializer.Serialize(grainState.State), Guid.NewGuid().ToString("N"));
        bool written = grainState.ETag is null ? rows.TryAdd(key, next)
            : rows.TryGetValue(key, out var row) && row.ETag == grainState.ETag && rows.TryUpdate(key, next, row);
        if (!written)
        {
            throw new InconsistentStateException($"the stored state of {key} changed since it was read.");
        }

        grainState.ETag = next.Item2;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        rows.TryRemove($"{stateName}/{grainId}", out _);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }
}

[CollectionDefinition(nameof(TwoSilos))]
public sealed class TwoSilosCollection : ICollectionFixture<TwoSilos>;

[Collection(nameof(TwoSilos))]
public sealed class MemberGrainTests(TwoSilos silos)
{
    /// <summary>Wednesday 4 March 2026, 00:00 in New York: $5 of coffee in store is 10 points, no Tuesday doubling.</summary>
    private static readonly DateTimeOffset Wednesday = new(2026, 3, 4, 5, 0, 0, TimeSpan.Zero);

    private static PurchaseRequest Coffee(string id, int hours) => new(id, Wednesday.AddHours(hours), "store", [new PurchaseLine("LATTE", "coffee", 1, 5.00m)]);

    [Fact]
    public async Task ConcurrentPurchasesOfOneMember_NeverDoubleAccrue()
    {
        var member = silos.Cluster.GrainFactory.GetGrain<IMemberGrain>("concurrent");

        // 40 purchases two hours apart (the velocity check allows 5 an hour), all sent at once.
        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => member.Purchase(Coffee($"C-{i}", 2 * i))));

        Assert.All(results, r => Assert.Equal((LedgerStatus.Applied, 10L), (r.Status, r.Points)));
        Assert.Equal(400, await member.Balance(Wednesday.AddDays(30)));
    }

    [Fact]
    public async Task ABudget_IsNeverOverspent_WhenManyMembersRaceForIt()
    {
        var grains = silos.Cluster.GrainFactory;
        string[] members = [.. Enumerable.Range(0, 30).Select(i => $"racer-{i}")];

        var results = await Task.WhenAll(members.Select(m => grains.GetGrain<IMemberGrain>(m)
            .Purchase(new PurchaseRequest($"{m}-1", Wednesday, "app", [new PurchaseLine("LATTE", "coffee", 1, 5.00m)]))));

        Assert.All(results, r => Assert.Equal(LedgerStatus.Applied, r.Status));
        Assert.Equal(2, results.Count(r => r.Points == 110));   // 250 pays two awards of 100
        Assert.Equal(28, results.Count(r => r.Points == 10));
        Assert.Equal(50, await grains.GetGrain<IBudgetGrain>("app-launch").Left());
        long total = 0;
        foreach (string m in members)
        {
            total += await grains.GetGrain<IMemberGrain>(m).Balance(Wednesday.AddDays(30));
        }

        Assert.Equal(30 * 10 + 200, total);
    }

    [Fact]
    public async Task ATransfer_IsAppliedOnceOnEachSide_WhenASiloStopsMidWay()
    {
        var grains = silos.Cluster.Client;
        int[] pairs = [.. Enumerable.Range(0, 12)];
        foreach (int i in pairs)
        {
            await grains.GetGrain<IMemberGrain>($"giver-{i}").Purchase(Coffee($"giver-{i}-buys", 0) with { Lines = [new PurchaseLine("BEANS", "coffee", 1, 50.00m)] });
        }

        async Task Give(int i)
        {
            for (int attempt = 0; ; attempt++)
            {
                try
                {
                    await grains.GetGrain<IMemberGrain>($"giver-{i}").Give($"gift-{i}", $"receiver-{i}", 60, Wednesday.AddHours(1)); // a retry is a duplicate
                    return;
                }
                catch (Exception) when (attempt < 20)
                {
                    await Task.Delay(100);
                }
            }
        }

        var giving = Task.WhenAll(pairs.Select(Give));
        var stopping = silos.Cluster.StopSiloAsync(silos.Cluster.SecondarySilos[0]);
        await Task.WhenAll(giving, stopping);

        foreach (int i in pairs)
        {
            Assert.Equal(40, await grains.GetGrain<IMemberGrain>($"giver-{i}").Balance(Wednesday.AddDays(30)));
            Assert.Equal(60, await grains.GetGrain<IMemberGrain>($"receiver-{i}").Balance(Wednesday.AddDays(30)));
        }

        await silos.Cluster.StartAdditionalSiloAsync();
    }

    [Fact]
    public async Task EveryEventKind_GivesWhatTheLedgerGivesOneByOne()
    {
        var member = silos.Cluster.GrainFactory.GetGrain<IMemberGrain>("mixed");
        var beans = new PurchaseRequest("mixed-1", Wednesday, "store", [new PurchaseLine("BEANS", "coffee", 2, 25.00m)]);
        var results = new[]
        {
            await member.Purchase(beans),
            await member.Activity("mixed-review", ActivityKind.Review, Wednesday.AddHours(1)),
            await member.Redeem("mixed-redeem", 30, Wednesday.AddHours(2)),
            await member.Refund("mixed-refund", Wednesday.AddHours(3), beans),
            await member.Purchase(Coffee("mixed-2", 4)),
        };

        var program = TwoSilos.Program();
        var account = MemberAccount.Open("mixed");
        var context = new MemberContext("mixed");
        var beansTransaction = new Transaction("mixed-1", "mixed", NodaTime.Instant.FromDateTimeOffset(Wednesday), "USD", "store", [new TransactionLine("BEANS", "coffee", 2, 25.00m)]);
        LedgerEvent[] events =
        [
            new PurchaseEvent(beansTransaction),
            new ActivityAccrualEvent(new ActivityEvent("mixed-review", "mixed", NodaTime.Instant.FromDateTimeOffset(Wednesday.AddHours(1)), ActivityKind.Review)),
            new RedemptionEvent("mixed-redeem", "mixed", NodaTime.Instant.FromDateTimeOffset(Wednesday.AddHours(2)), 30),
            new RefundEvent("mixed-refund", NodaTime.Instant.FromDateTimeOffset(Wednesday.AddHours(3)), beansTransaction, [new ReturnedLine(0, 2)]),
            new PurchaseEvent(new Transaction("mixed-2", "mixed", NodaTime.Instant.FromDateTimeOffset(Wednesday.AddHours(4)), "USD", "store", [new TransactionLine("LATTE", "coffee", 1, 5.00m)])),
        ];
        var expected = events.Select(e =>
        {
            var outcome = program.Ledger.Process(account, e, context);
            account = outcome.Account;
            return outcome.Status;
        }).ToArray();

        Assert.Equal(expected, results.Select(r => r.Status));
        Assert.Equal((LedgerStatus.Applied, 100L), (results[0].Status, results[0].Points));
        Assert.Equal(LedgerStatus.Applied, results[2].Status);
        var end = NodaTime.Instant.FromDateTimeOffset(Wednesday.AddDays(30));
        Assert.Equal(account.BalanceAt(end).Available.Value + account.BalanceAt(end).Pending.Value, await member.Balance(Wednesday.AddDays(30)));
        Assert.True(account.Totals.Redeemed.Value == 30 && account.Totals.Reversed.Value > 0);
    }

    [Fact]
    public async Task ARewardsStock_IsNeverOversold()
    {
        var grains = silos.Cluster.GrainFactory;
        await grains.GetGrain<IBudgetGrain>("stock:mug").SetStock(3);
        string[] members = [.. Enumerable.Range(0, 10).Select(i => $"collector-{i}")];
        foreach (string m in members)
        {
            await grains.GetGrain<IMemberGrain>(m).Purchase(new PurchaseRequest($"{m}-1", Wednesday, "store", [new PurchaseLine("BEANS", "coffee", 1, 50.00m)]));
        }

        var results = await Task.WhenAll(members.Select(m => grains.GetGrain<IMemberGrain>(m).RedeemReward($"{m}-mug", "mug", Wednesday.AddHours(1))));

        Assert.Equal(3, results.Count(r => r.Status == LedgerStatus.Applied && r.Balance == 50));
        Assert.Equal(7, results.Count(r => r.Status == LedgerStatus.Rejected && r.Balance == 100));
        Assert.Equal(0, await grains.GetGrain<IBudgetGrain>("stock:mug").Left());
    }

    [Fact]
    public async Task ATransferToAClosedAccount_IsDeclined_AndTheGiverGetsItsPointsBack()
    {
        var grains = silos.Cluster.GrainFactory;
        await grains.GetGrain<IMemberGrain>("giver-x").Purchase(new PurchaseRequest("giver-x-1", Wednesday, "store", [new PurchaseLine("BEANS", "coffee", 1, 50.00m)]));
        await grains.GetGrain<IMemberGrain>("closing").Purchase(new PurchaseRequest("closing-1", Wednesday, "store", [new PurchaseLine("LATTE", "coffee", 1, 5.00m)]));
        Assert.Equal(LedgerStatus.Applied, (await grains.GetGrain<IMemberGrain>("closing").CloseInto("merge-1", "keeper", Wednesday.AddHours(1))).Status);

        var given = await grains.GetGrain<IMemberGrain>("giver-x").Give("gift-x", "closing", 60, Wednesday.AddHours(2));

        Assert.Equal(LedgerStatus.Applied, given.Status);
        Assert.Equal(100, await grains.GetGrain<IMemberGrain>("giver-x").Balance(Wednesday.AddDays(30)));  // 100 - 60, reversed
        Assert.Equal(10, await grains.GetGrain<IMemberGrain>("keeper").Balance(Wednesday.AddDays(30)));    // the closed member's 10, merged
        Assert.Equal(0, await grains.GetGrain<IMemberGrain>("closing").Balance(Wednesday.AddDays(30)));
        Assert.Equal(LedgerStatus.Duplicate, (await grains.GetGrain<IMemberGrain>("giver-x").Give("gift-x", "closing", 60, Wednesday.AddHours(2))).Status);
        Assert.Equal(100, await grains.GetGrain<IMemberGrain>("giver-x").Balance(Wednesday.AddDays(30)));
    }

    [Fact]
    public async Task MembersGivingToEachOtherAtOnce_DoNotWaitOnEachOther()
    {
        var grains = silos.Cluster.GrainFactory;
        int[] pairs = [.. Enumerable.Range(0, 10)];
        foreach (string m in pairs.SelectMany(i => new[] { $"left-{i}", $"right-{i}" }))
        {
            await grains.GetGrain<IMemberGrain>(m).Purchase(new PurchaseRequest($"{m}-1", Wednesday, "store", [new PurchaseLine("BEANS", "coffee", 1, 50.00m)]));
        }

        var giving = pairs.SelectMany(i => new[]
        {
            grains.GetGrain<IMemberGrain>($"left-{i}").Give($"l2r-{i}", $"right-{i}", 30, Wednesday.AddHours(1)),
            grains.GetGrain<IMemberGrain>($"right-{i}").Give($"r2l-{i}", $"left-{i}", 20, Wednesday.AddHours(1)),
        });
        var done = Task.WhenAll(giving);
        Assert.Same(done, await Task.WhenAny(done, Task.Delay(TimeSpan.FromSeconds(20)))); // no call waits for Orleans' timeout

        foreach (int i in pairs)
        {
            Assert.Equal(90, await grains.GetGrain<IMemberGrain>($"left-{i}").Balance(Wednesday.AddDays(30)));
            Assert.Equal(110, await grains.GetGrain<IMemberGrain>($"right-{i}").Balance(Wednesday.AddDays(30)));
        }
    }

    [Fact]
    public async Task ARedeliveredEvent_IsAppliedOnce()
    {
        var member = silos.Cluster.GrainFactory.GetGrain<IMemberGrain>("redelivered");

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => member.Purchase(Coffee("R-1", 0))));

        Assert.Single(results, r => r.Status == LedgerStatus.Applied);
        Assert.Equal(9, results.Count(r => r.Status == LedgerStatus.Duplicate));
        Assert.Equal(10, await member.Balance(Wednesday.AddDays(30)));
    }

    [Fact]
    public async Task ASiloStoppedMidRun_LosesNoCommittedPoints()
    {
        var grains = silos.Cluster.Client;
        string[] members = [.. Enumerable.Range(0, 20).Select(i => $"survivor-{i}")];

        async Task Send(string member, int n)
        {
            for (int attempt = 0; ; attempt++)
            {
                try
                {
                    await grains.GetGrain<IMemberGrain>(member).Purchase(Coffee($"{member}-{n}", 2 * n)); // a re-delivery after a failure is a duplicate
                    return;
                }
                catch (Exception) when (attempt < 20)
                {
                    await Task.Delay(100);
                }
            }
        }

        var first = Task.WhenAll(members.SelectMany(m => Enumerable.Range(0, 10).Select(n => Send(m, n))));
        await first;
        var stopping = silos.Cluster.StopSiloAsync(silos.Cluster.SecondarySilos[0]);
        var second = Task.WhenAll(members.SelectMany(m => Enumerable.Range(10, 10).Select(n => Send(m, n))));
        await Task.WhenAll(stopping, second);

        foreach (string member in members)
        {
            Assert.Equal(200, await grains.GetGrain<IMemberGrain>(member).Balance(Wednesday.AddDays(30)));
        }

        await silos.Cluster.StartAdditionalSiloAsync();
    }
}
