using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Loyalty.Rules.Samples.WebApi;

/// <summary>
/// A production-shaped host: the library injected through DI, accounts and entries in SQLite, API-key authentication
/// with authorization policies, ProblemDetails for every error, an OpenAPI document (<c>/openapi/v1.json</c>) and a
/// health check (<c>/health</c>). The point-of-sale key posts transactions; a member key reads only its member's balance.
/// </summary>
public static partial class LoyaltyApi
{
    /// <summary>The largest request body accepted (a transaction of a few hundred lines).</summary>
    public const long MaxBodyBytes = 64 * 1024;

    private const string Placeholder = "change-me";

    public static WebApplication Build(string[] args, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        var config = builder.Configuration.GetSection("Loyalty");
        string apiKey = config["ApiKey"] is { Length: > 0 } key ? key : throw new InvalidOperationException("Loyalty:ApiKey is required.");
        var memberKeys = config.GetSection("MemberKeys").GetChildren().ToDictionary(c => c.Key, c => c.Value ?? "", StringComparer.Ordinal);
        if (!builder.Environment.IsDevelopment() && (apiKey.StartsWith(Placeholder, StringComparison.Ordinal) || memberKeys.Keys.Any(k => k.StartsWith(Placeholder, StringComparison.Ordinal))))
        {
            throw new InvalidOperationException($"Loyalty:ApiKey or a Loyalty:MemberKeys key is still a '{Placeholder}' placeholder in {builder.Environment.EnvironmentName}: set real keys (e.g. the environment variable Loyalty__ApiKey), or run in Development.");
        }

        string database = System.IO.Path.GetFullPath(config["Database"] ?? "loyalty.db", builder.Environment.ContentRootPath);
        var busyTimeout = TimeSpan.FromSeconds(config.GetValue("BusyTimeoutSeconds", 5.0));
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxBodyBytes);
        builder.Services.AddLoyaltyRules(rules => rules.AddProgramFromJsonFile("default", config["ProgramFile"] ?? "programs/p1-coffee.json"));
        builder.Services.AddSingleton(sp => Store.OpenAsync(database, sp.GetRequiredService<LoyaltyProgram>(), busyTimeout).GetAwaiter().GetResult());
        builder.Services.AddProblemDetails();
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true); // binding errors reach the problem mapping with their JSON path
        builder.Services.AddAuthentication(ApiKeyHandler.SchemeName).AddScheme<ApiKeyOptions, ApiKeyHandler>(ApiKeyHandler.SchemeName, o =>
        {
            o.ServiceKey = apiKey;
            o.MemberKeys = memberKeys;
        });
        builder.Services.AddSingleton<IAuthorizationHandler, OwnMemberRequirement>();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ApiKeyHandler.ServiceRole, p => p.RequireRole(ApiKeyHandler.ServiceRole))
            .AddPolicy(OwnMemberRequirement.Policy, p => p.RequireAuthenticatedUser().AddRequirements(new OwnMemberRequirement()));
        builder.Services.AddOpenApi();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealth>("database");
        services?.Invoke(builder.Services); // tests replace the clock

        var app = builder.Build();
        app.Services.GetRequiredService<Store>(); // creates or migrates the database (and seeds the budgets) on start
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = Problems.Handle, SuppressDiagnosticsCallback = _ => false });
        app.UseStatusCodePages(); // 404, 405, 415 ... as problems too
        app.Use(async (http, next) =>
        {
            if (http.Request.ContentLength > MaxBodyBytes)
            {
                await Problems.Write(http, StatusCodes.Status413PayloadTooLarge, "Payload too large", $"the request body is {http.Request.ContentLength} bytes; this host accepts at most {MaxBodyBytes}.");
                return;
            }

            await next(http);
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi().AllowAnonymous();
        app.MapHealthChecks("/health").AllowAnonymous();

        app.MapPost("/transactions", PostTransaction)
            .RequireAuthorization(ApiKeyHandler.ServiceRole)
            .WithName("PostTransaction").WithSummary("Evaluates a purchase and applies it to the member's account (idempotent by transaction id).")
            .Produces<PurchaseResponse>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        app.MapGet("/members/{memberId}/balance", GetBalance)
            .RequireAuthorization(OwnMemberRequirement.Policy)
            .WithName("GetBalance").WithSummary("A member's balance now: available, pending, held.")
            .Produces<BalanceResponse>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> PostTransaction(TransactionRequest? request, LedgerProcessor ledger, IClock clock, Store store, ILogger<Store> log, CancellationToken cancel)
    {
        if (request is null)
        {
            return Problems.Result(StatusCodes.Status400BadRequest, "$: a transaction is required.");
        }

        var (transaction, member, problem) = request.ToPurchase(clock.GetCurrentInstant());
        if (problem is not null)
        {
            return Problems.Result(StatusCodes.Status400BadRequest, problem);
        }

        var outcome = await store.ApplyAsync(transaction!.MemberId, (account, decide) => ledger.ProcessWithBudgets(account, new PurchaseEvent(transaction), member!, decide), cancel);
        Processed(log, transaction.Id, transaction.MemberId, outcome.Status, outcome.Accrual?.Total.Value ?? 0, outcome.Reason);
        var body = PurchaseResponse.Of(outcome, transaction.MemberId, transaction.OccurredAt);
        return outcome.Status == LedgerStatus.Rejected
            ? Problems.Result(StatusCodes.Status409Conflict, outcome.Reason ?? "rejected", new Dictionary<string, object?> { ["outcome"] = body })
            : Results.Ok(body);
    }

    private static async Task<IResult> GetBalance(string memberId, IClock clock, Store store, CancellationToken cancel)
    {
        if (string.IsNullOrWhiteSpace(memberId) || memberId.Length > 128 || memberId.Any(char.IsControl))
        {
            return Problems.Result(StatusCodes.Status400BadRequest, "memberId: must be 1 to 128 printable characters, not blank.");
        }

        if (await store.ReadAsync(memberId, cancel) is not { } account)
        {
            return Problems.Result(StatusCodes.Status404NotFound, $"memberId: no account for member '{memberId}'.");
        }

        var balance = account.BalanceAt(clock.GetCurrentInstant());
        return Results.Ok(new BalanceResponse(memberId, balance.Available.Value, balance.Pending.Value, balance.Held.Value));
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Transaction {TransactionId} of member {MemberId}: {Status}, {Points} points{Reason}")]
    private static partial void Processed(ILogger logger, string transactionId, string memberId, LedgerStatus status, long points, string? reason);

    /// <summary>Healthy when the database answers at the schema version this host writes.</summary>
    private sealed class DatabaseHealth(Store store) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                int version = await store.VersionAsync(cancellationToken);
                return version == Store.SchemaVersion ? HealthCheckResult.Healthy($"schema version {version}") : HealthCheckResult.Unhealthy($"schema version {version}, expected {Store.SchemaVersion}");
            }
            catch (Microsoft.Data.Sqlite.SqliteException e)
            {
                return HealthCheckResult.Unhealthy("the database does not answer", e);
            }
        }
    }
}
