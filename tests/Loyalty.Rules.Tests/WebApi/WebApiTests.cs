using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Loyalty.Rules.Samples.WebApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Loyalty.Rules.Tests.WebApi;

/// <summary>The sample host, started on a loopback port and called over HTTP.</summary>
public sealed class WebApiTests : IAsyncLifetime
{
    private const string GoldTuesdayLatte = """
        { "id": "T-1", "memberId": "ana", "occurredAt": "2026-03-11T03:30:00Z", "channel": "store", "tier": "Gold",
          "lines": [ { "sku": "LATTE", "category": "coffee", "quantity": 2, "unitPrice": 4.95 } ] }
        """;

    private readonly string database = Path.Combine(Path.GetTempPath(), $"loyalty-{Guid.NewGuid():N}.db");
    private WebApplication app = null!;
    private HttpClient http = null!;

    public async Task InitializeAsync() => (app, http) = await Start(database);

    /// <summary>Starts the host on a loopback port with a fake clock, the given database and program file.</summary>
    private static async Task<(WebApplication App, HttpClient Http)> Start(string database, string programFile = "programs/p1-coffee.json", string busyTimeoutSeconds = "5")
    {
        var app = LoyaltyApi.Build([], new Dictionary<string, string?>
        {
            ["Loyalty:Database"] = database,
            ["Loyalty:ProgramFile"] = programFile,
            ["Loyalty:ApiKey"] = "pos-key",
            ["Loyalty:MemberKeys:ana-key"] = "ana",
            ["Loyalty:BusyTimeoutSeconds"] = busyTimeoutSeconds,
            ["Logging:LogLevel:Default"] = "Warning",
        }, services => services.AddSingleton<NodaTime.IClock>(new NodaTime.Testing.FakeClock(NodaTime.Instant.FromUtc(2026, 3, 12, 15, 0))));
        app.Urls.Add("http://127.0.0.1:0");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return (app, new HttpClient { BaseAddress = new Uri(address) });
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        Delete(database);
    }

    private static void Delete(string database)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { database, database + "-wal", database + "-shm" })
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Transactions_AreEvaluatedStoredAndIdempotent()
    {
        Assert.True(File.Exists(database)); // created on first run

        using var first = await Post("/transactions", GoldTuesdayLatte, "pos-key");
        using var again = await Post("/transactions", GoldTuesdayLatte, "pos-key");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var body = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Applied", body.GetProperty("status").GetString());
        Assert.Equal(59, body.GetProperty("total").GetInt64());
        Assert.Equal(59, body.GetProperty("balance").GetProperty("pending").GetInt64()); // 14-day returns window
        Assert.Equal("Duplicate", JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
        Assert.Equal(1, await app.Services.GetRequiredService<Store>().EntryCountAsync("ana")); // one accrual entry; the re-delivery wrote nothing

        using var balance = await Get("/members/ana/balance", "ana-key");
        Assert.Equal(HttpStatusCode.OK, balance.StatusCode);
        Assert.Equal(59, JsonDocument.Parse(await balance.Content.ReadAsStringAsync()).RootElement.GetProperty("pending").GetInt64());
    }

    [Fact]
    public async Task EveryCall_NeedsAKey_AndAMemberKeyAnswersOnlyForItsMember()
    {
        using var noKey = await Post("/transactions", GoldTuesdayLatte, null);
        using var wrongKey = await Get("/members/ana/balance", "guess");
        using var memberPosting = await Post("/transactions", GoldTuesdayLatte, "ana-key");
        using var otherMember = await Get("/members/ben/balance", "ana-key");
        using var service = await Get("/members/ana/balance", "pos-key");

        await AssertProblem(noKey, HttpStatusCode.Unauthorized, "a valid X-Api-Key header is required.");
        await AssertProblem(wrongKey, HttpStatusCode.Unauthorized, "a valid X-Api-Key header is required.");
        await AssertProblem(memberPosting, HttpStatusCode.Forbidden, "this key may not do this (a member key answers only for its own member).");
        await AssertProblem(otherMember, HttpStatusCode.Forbidden, "this key may not do this (a member key answers only for its own member).");
        await AssertProblem(service, HttpStatusCode.NotFound, "memberId: no account for member 'ana'."); // the service may ask; ana has no account yet
    }

    [Theory]
    [InlineData("{ \"id\": \"T-2\", ", "$")]
    [InlineData("{ \"id\": \"T-2\", \"memberId\": \"ana\", \"lines\": [ { \"sku\": \"A\", \"quantity\": \"two\", \"unitPrice\": 1 } ] }", "$.lines[0].quantity")]
    [InlineData("{ \"id\": \"T-2\", \"memberId\": \"ana\", \"lines\": [ { \"sku\": \"A\", \"quantity\": -1, \"unitPrice\": 1 } ] }", "lines[0].quantity: must be positive")]
    [InlineData("{ \"id\": \"T-2\", \"memberId\": \"ana\", \"tier\": \"Platinum\", \"lines\": [ { \"sku\": \"A\", \"quantity\": 1, \"unitPrice\": 1 } ] }", "member.TierId")]
    [InlineData("null", "$: a transaction is required.")]
    [InlineData("{ \"id\": \"T-2\", \"memberId\": \"ana\", \"lines\": [] }", "lines: at least one line is required.")]
    [InlineData("{ \"memberId\": \"ana\", \"lines\": [ { \"sku\": \"A\", \"quantity\": 1, \"unitPrice\": 1 } ] }", "id: is required.")]
    public async Task MalformedBodies_GetA400WithTheReason_NeverA500(string json, string reason)
    {
        using var response = await Post("/transactions", json, "pos-key");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(reason, JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(reason, JsonDocument.Parse(text).RootElement.GetProperty("errors")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhatUsedToBeA500_IsNowAProblemWithItsStatus()
    {
        const string overflow = """{ "id": "T-3", "memberId": "ana", "lines": [ { "sku": "A", "quantity": 79228162514264337593543950335, "unitPrice": 2 } ] }""";
        using var blankMember = await Get("/members/%20/balance", "pos-key");
        using var tooLarge = await Post("/transactions", overflow, "pos-key");
        using var noSuchRoute = await Get("/members", "pos-key");
        using var huge = await Post("/transactions", "{ \"id\": \"" + new string('x', (int)LoyaltyApi.MaxBodyBytes) + "\" }", "pos-key");

        await AssertProblem(blankMember, HttpStatusCode.BadRequest, "memberId: must be 1 to 128 printable characters, not blank.");
        await AssertProblem(tooLarge, HttpStatusCode.BadRequest, "lines[0]: quantity x unitPrice does not fit in a decimal.");
        Assert.Equal(HttpStatusCode.NotFound, noSuchRoute.StatusCode);
        Assert.Equal("application/problem+json", noSuchRoute.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith($"bytes; this host accepts at most {LoyaltyApi.MaxBodyBytes}.", (await AssertProblem(huge, HttpStatusCode.RequestEntityTooLarge, null)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSameIdWithOtherContent_IsA409Conflict_AndChangesNothing()
    {
        using var first = await Post("/transactions", GoldTuesdayLatte, "pos-key");
        using var conflict = await Post("/transactions", GoldTuesdayLatte.Replace("\"quantity\": 2", "\"quantity\": 3", StringComparison.Ordinal), "pos-key");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var problem = await AssertProblem(conflict, HttpStatusCode.Conflict, null);
        Assert.Contains("event 'T-1' was applied before with other content: a conflict, not a re-delivery.", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("Rejected", problem.GetProperty("outcome").GetProperty("status").GetString());
        Assert.Equal(59, problem.GetProperty("outcome").GetProperty("balance").GetProperty("pending").GetInt64());
    }

    [Fact]
    public async Task ALockedDatabase_Answers503WithRetryAfter_WithinTheBusyTimeout_NotAfter30Seconds()
    {
        string locked = Path.Combine(Path.GetTempPath(), $"loyalty-{Guid.NewGuid():N}.db");
        var (host, client) = await Start(locked, busyTimeoutSeconds: "0.5");
        try
        {
            await using (var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={locked};Pooling=False"))
            {
                await other.OpenAsync();
                using var hold = other.CreateCommand();
                hold.CommandText = "BEGIN EXCLUSIVE;";
                await hold.ExecuteNonQueryAsync(); // another process holds the write lock
                var started = System.Diagnostics.Stopwatch.StartNew();
                using var busy = await Post("/transactions", GoldTuesdayLatte, "pos-key", client);

                await AssertProblem(busy, HttpStatusCode.ServiceUnavailable, null);
                Assert.Equal("1", busy.Headers.RetryAfter?.ToString());
                Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"took {started.Elapsed}");
            }

            using var later = await Post("/transactions", GoldTuesdayLatte, "pos-key", client); // the lock is gone: nothing was half-applied
            Assert.Equal(HttpStatusCode.OK, later.StatusCode);
            Assert.Equal("Applied", JsonDocument.Parse(await later.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
        }
        finally
        {
            client.Dispose();
            await host.StopAsync();
            await host.DisposeAsync();
            Delete(locked);
        }
    }

    [Fact]
    public async Task ConcurrentPurchasesOfOneMember_LoseNoUpdate_AndARaceOfOneIdAppliesItOnce()
    {
        string Latte(int i) => GoldTuesdayLatte.Replace("\"T-1\"", $"\"T-C{i}\"", StringComparison.Ordinal);
        var distinct = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Post("/transactions", Latte(i), "pos-key")));
        var same = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Post("/transactions", GoldTuesdayLatte, "pos-key")));
        var statuses = await Task.WhenAll(same.Select(async r => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString()));

        Assert.All(distinct.Concat(same), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.True(1 == statuses.Count(s => s is "Applied" or "Held"), string.Join(", ", statuses)); // P1's velocity check holds a 6th purchase within the hour
        Assert.Equal(9, statuses.Count(s => s == "Duplicate"));
        using var balance = await Get("/members/ana/balance", "ana-key");
        var figures = JsonDocument.Parse(await balance.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(21 * 59, figures.GetProperty("pending").GetInt64() + figures.GetProperty("held").GetInt64());
        Assert.Equal(21, await app.Services.GetRequiredService<Store>().EntryCountAsync("ana"));
        foreach (var response in distinct.Concat(same))
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task TheHost_PublishesAnOpenApiDocument_AndAHealthCheck_WithoutAKey()
    {
        using var openApi = await Get("/openapi/v1.json", null);
        using var health = await Get("/health", null);

        Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
        var paths = JsonDocument.Parse(await openApi.Content.ReadAsStringAsync()).RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/transactions", out _));
        Assert.True(paths.TryGetProperty("/members/{memberId}/balance", out _));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
    }

    [Fact]
    public void PlaceholderKeys_AreRefusedOutsideDevelopment()
    {
        var settings = new Dictionary<string, string?> { ["Loyalty:ApiKey"] = "change-me-pos-key", ["Loyalty:Database"] = database };

        var error = Assert.Throws<InvalidOperationException>(() => LoyaltyApi.Build([], settings));
        Assert.Contains("placeholder in Production", error.Message, StringComparison.Ordinal);
        using var _ = LoyaltyApi.Build(["--environment", "Development"], settings) as IDisposable;
    }

    [Fact]
    public async Task TheSchema_IsMigratedFromAnOlderDatabase_AndANewerOneIsRefused()
    {
        string old = Path.Combine(Path.GetTempPath(), $"loyalty-{Guid.NewGuid():N}.db");
        try
        {
            await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={old};Pooling=False"))
            {
                await connection.OpenAsync();
                using var create = connection.CreateCommand();
                create.CommandText = "CREATE TABLE accounts (member_id TEXT PRIMARY KEY, account TEXT NOT NULL); INSERT INTO accounts VALUES ('ana', '" + MemberAccount.Open("ana").ToJson() + "');";
                await create.ExecuteNonQueryAsync(); // what the first version of the sample wrote, at user_version 0
            }

            using var store = await Store.OpenAsync(old, Samples.CoffeeProgram.Build(), TimeSpan.FromSeconds(1));
            Assert.Equal(Store.SchemaVersion, await store.VersionAsync());
            Assert.NotNull(await store.ReadAsync("ana"));

            await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={old};Pooling=False"))
            {
                await connection.OpenAsync();
                using var bump = connection.CreateCommand();
                bump.CommandText = "PRAGMA user_version = 99;";
                await bump.ExecuteNonQueryAsync();
            }

            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Store.OpenAsync(old, Samples.CoffeeProgram.Build(), TimeSpan.FromSeconds(1)));
            Assert.Contains("schema version 99, newer than this host's", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Delete(old);
        }
    }

    [Fact]
    public async Task WhatWasCommitted_SurvivesARestartOnTheSameDatabase()
    {
        using (var first = await Post("/transactions", GoldTuesdayLatte, "pos-key"))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        await app.StopAsync();
        await app.DisposeAsync();
        http.Dispose();
        (app, http) = await Start(database);

        using var balance = await Get("/members/ana/balance", "ana-key");
        Assert.Equal(59, JsonDocument.Parse(await balance.Content.ReadAsStringAsync()).RootElement.GetProperty("pending").GetInt64());
    }

    private static async Task<JsonElement> AssertProblem(HttpResponseMessage response, HttpStatusCode status, string? detail)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        if (detail is not null)
        {
            Assert.Equal(detail, problem.GetProperty("detail").GetString());
        }

        Assert.DoesNotContain("System.", problem.GetRawText(), StringComparison.Ordinal); // no .NET text leaks
        return problem;
    }

    [Fact]
    public async Task ABudgetedOffer_IsDecidedAndSpentInTheSameDatabaseTransaction_AsTheAccount()
    {
        string budgetDatabase = Path.Combine(Path.GetTempPath(), $"loyalty-{Guid.NewGuid():N}.db");
        var (host, client) = await Start(budgetDatabase, "programs/winter-offers.json");
        try
        {
            var store = host.Services.GetRequiredService<Store>();
            Assert.Equal(500, await store.BudgetLeftAsync("comeback"));
            string Lapsed(string id, string member) => $$"""
                { "id": "{{id}}", "memberId": "{{member}}", "occurredAt": "2026-12-05T15:00:00Z", "segments": ["lapsed"],
                  "lines": [ { "sku": "BEANS", "category": "coffee", "quantity": 1, "unitPrice": 12.00 } ] }
                """;

            var first = JsonDocument.Parse(await (await Post("/transactions", Lapsed("W-1", "ana"), "pos-key", client)).Content.ReadAsStringAsync()).RootElement;
            var second = JsonDocument.Parse(await (await Post("/transactions", Lapsed("W-2", "ben"), "pos-key", client)).Content.ReadAsStringAsync()).RootElement;
            var third = JsonDocument.Parse(await (await Post("/transactions", Lapsed("W-3", "cy"), "pos-key", client)).Content.ReadAsStringAsync()).RootElement;

            Assert.Equal(12 + 400, first.GetProperty("total").GetInt64());
            Assert.Equal(12 + 100, second.GetProperty("total").GetInt64()); // 100 left: a partial award
            Assert.Equal("Partial", second.GetProperty("budgets")[0].GetProperty("status").GetString());
            Assert.Equal(12 + 12, third.GetProperty("total").GetInt64()); // refused: the holiday double pays instead
            Assert.Equal("Refused", third.GetProperty("budgets")[0].GetProperty("status").GetString());
            Assert.Equal(0, await store.BudgetLeftAsync("comeback"));
        }
        finally
        {
            client.Dispose();
            await host.StopAsync();
            await host.DisposeAsync();
            Delete(budgetDatabase);
        }
    }

    private async Task<HttpResponseMessage> Post(string path, string json, string? key, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return await (client ?? http).SendAsync(request);
    }

    private async Task<HttpResponseMessage> Get(string path, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return await http.SendAsync(request);
    }
}
