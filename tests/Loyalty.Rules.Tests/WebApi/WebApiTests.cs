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
    private static async Task<(WebApplication App, HttpClient Http)> Start(string database, string programFile = "programs/p1-coffee.json")
    {
        var app = LoyaltyApi.Build([], new Dictionary<string, string?>
        {
            ["Loyalty:Database"] = database,
            ["Loyalty:ProgramFile"] = programFile,
            ["Loyalty:ApiKey"] = "pos-key",
            ["Loyalty:MemberKeys:ana-key"] = "ana",
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
        File.Delete(database);
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
        Assert.Equal(1, app.Services.GetRequiredService<Store>().EntryCount("ana")); // one accrual entry; the re-delivery wrote nothing

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
        using var service = await Get("/members/ben/balance", "pos-key");

        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, memberPosting.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherMember.StatusCode);
        Assert.Equal(HttpStatusCode.OK, service.StatusCode);
    }

    [Theory]
    [InlineData("{ \"id\": \"T-2\", ", "$")]
    [InlineData("{ \"id\": \"T-2\", \"memberId\": \"ana\", \"lines\": [ { \"sku\": \"A\", \"quantity\": \"two\", \"unitPrice\": 1 } ] }", "$.lines[0].quantity")]
    [InlineData("{ \"id\": \"T-2\", \"memberId\": \"ana\", \"lines\": [ { \"sku\": \"A\", \"quantity\": -1, \"unitPrice\": 1 } ] }", "lines[0].quantity: must be positive")]
    [InlineData("{ \"id\": \"T-2\", \"memberId\": \"ana\", \"tier\": \"Platinum\", \"lines\": [ { \"sku\": \"A\", \"quantity\": 1, \"unitPrice\": 1 } ] }", "member.TierId")]
    [InlineData("null", "$: a transaction is required.")]
    public async Task MalformedBodies_GetA400WithTheReason_NeverA500(string json, string reason)
    {
        using var response = await Post("/transactions", json, "pos-key");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, JsonDocument.Parse(text).RootElement.GetProperty("errors")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABudgetedOffer_IsDecidedAndSpentInTheSameDatabaseTransaction_AsTheAccount()
    {
        string budgetDatabase = Path.Combine(Path.GetTempPath(), $"loyalty-{Guid.NewGuid():N}.db");
        var (host, client) = await Start(budgetDatabase, "programs/winter-offers.json");
        try
        {
            var store = host.Services.GetRequiredService<Store>();
            Assert.Equal(500, store.BudgetLeft("comeback"));
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
            Assert.Equal(0, store.BudgetLeft("comeback"));
        }
        finally
        {
            client.Dispose();
            await host.StopAsync();
            await host.DisposeAsync();
            File.Delete(budgetDatabase);
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
