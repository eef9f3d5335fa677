using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Loyalty.Rules;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Loyalty.Rules.Samples.WebApi;

/// <summary>A line of a posted transaction.</summary>
public sealed record LineRequest(string? Sku, string? Category, decimal Quantity, decimal UnitPrice, decimal Discount);

/// <summary>A posted transaction; the host knows the member's tier and segments.</summary>
public sealed record TransactionRequest(string? Id, string? MemberId, DateTimeOffset? OccurredAt, string? Channel, string? Currency, string? Tier, List<LineRequest>? Lines, List<string>? Segments = null);

/// <summary>
/// A minimal host: the library injected through DI, accounts and entries in SQLite. Every request needs the API key
/// from configuration in <c>X-Api-Key</c> (401 without it); a member key answers only for its own member (403 otherwise);
/// a malformed body gets a 400 with the reasons, never a 500.
/// </summary>
public static class LoyaltyApi
{
    private const string KeyHeader = "X-Api-Key";

    public static WebApplication Build(string[] args, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        var config = builder.Configuration.GetSection("Loyalty");
        string apiKey = config["ApiKey"] ?? throw new InvalidOperationException("Loyalty:ApiKey is required.");
        var memberKeys = config.GetSection("MemberKeys").GetChildren().ToDictionary(c => c.Key, c => c.Value ?? "", StringComparer.Ordinal);
        string programFile = System.IO.Path.Combine(AppContext.BaseDirectory, config["ProgramFile"] ?? "programs/p1-coffee.json");
        builder.Services.AddLoyaltyRules(rules => rules.AddProgramFromJsonFile("default", programFile));
        builder.Services.AddSingleton(sp => new Store(config["Database"] ?? "loyalty.db", sp.GetRequiredService<LoyaltyProgram>()));
        services?.Invoke(builder.Services); // tests replace the clock

        var app = builder.Build();
        app.Services.GetRequiredService<Store>(); // creates the database (and seeds the budgets) on start

        // Who is calling: the point-of-sale system (the API key) or one member (a member key), or nobody.
        string? Caller(HttpContext http, out bool service)
        {
            service = false;
            string presented = http.Request.Headers[KeyHeader].ToString();
            if (presented.Length == 0)
            {
                return null;
            }

            if (Same(presented, apiKey))
            {
                service = true;
                return "service";
            }

            foreach (var (key, member) in memberKeys)
            {
                if (Same(presented, key))
                {
                    return member;
                }
            }

            return null;
        }

        app.MapPost("/transactions", async (HttpContext http, LedgerProcessor ledger, IClock clock, Store store) =>
        {
            if (Caller(http, out bool service) is null)
            {
                return Results.Unauthorized();
            }

            if (!service)
            {
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }

            TransactionRequest? request;
            try
            {
                request = await JsonSerializer.DeserializeAsync<TransactionRequest>(http.Request.Body, JsonSerializerOptions.Web, http.RequestAborted);
            }
            catch (JsonException e)
            {
                return Problem($"{e.Path ?? "$"}: {e.Message}");
            }

            if (request is null)
            {
                return Problem("$: a transaction is required.");
            }

            Transaction transaction;
            MemberContext member;
            try
            {
                var at = request.OccurredAt is { } when ? Instant.FromDateTimeOffset(when) : clock.GetCurrentInstant();
                var lines = new List<TransactionLine>();
                foreach (var (line, i) in (request.Lines ?? []).Select((l, i) => (l, i)))
                {
                    try
                    {
                        lines.Add(new TransactionLine(line.Sku!, line.Category, line.Quantity, line.UnitPrice, line.Discount));
                    }
                    catch (ArgumentException e)
                    {
                        return Problem($"lines[{i}].{e.Message}");
                    }
                }

                transaction = new Transaction(request.Id!, request.MemberId!, at, request.Currency ?? "USD", request.Channel ?? "store", lines);
                member = new MemberContext(request.MemberId!, request.Tier, segments: request.Segments);
                var outcome = store.Apply(transaction.MemberId, (account, decide) => ledger.ProcessWithBudgets(account, new PurchaseEvent(transaction), member, decide));
                var balance = outcome.Account.BalanceAt(at);
                var body = new
                {
                    status = outcome.Status.ToString(),
                    reason = outcome.Reason,
                    total = outcome.Accrual?.Total.Value,
                    items = outcome.Accrual?.Items.Select(i => new { ruleId = i.RuleId, points = i.Points, reason = i.Reason }),
                    budgets = outcome.Accrual?.Claims.Select(c => new { offerId = c.OfferId, claimed = c.Points, granted = c.Granted, status = c.Status.ToString() }),
                    balance = new { available = balance.Available, pending = balance.Pending, held = balance.Held },
                };
                return outcome.Status == LedgerStatus.Rejected ? Results.Conflict(body) : Results.Ok(body);
            }
            catch (ArgumentException e)
            {
                return Problem(e.Message);
            }
        });

        app.MapGet("/members/{memberId}/balance", (HttpContext http, string memberId, IClock clock, Store store) =>
        {
            var caller = Caller(http, out bool service);
            if (caller is null)
            {
                return Results.Unauthorized();
            }

            if (!service && caller != memberId)
            {
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }

            var balance = store.Read(memberId).BalanceAt(clock.GetCurrentInstant());
            return Results.Ok(new { memberId, available = balance.Available, pending = balance.Pending, held = balance.Held });
        });

        return app;
    }

    private static IResult Problem(string error) => Results.BadRequest(new { errors = new[] { error } });

    private static bool Same(string presented, string expected)
        => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));
}
