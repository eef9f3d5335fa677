using System;
using System.IO;
using System.Linq;
using Loyalty.Rules.DependencyInjection;
using Loyalty.Rules.Samples;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;
using Xunit;

namespace Loyalty.Rules.Tests.DependencyInjection;

public class DependencyInjectionTests
{
    private static string ProgramFile(string name) => Path.Combine(AppContext.BaseDirectory, "programs", name);

    [Fact]
    public async System.Threading.Tasks.Task AddLoyaltyRules_ResolvesEvaluatorsByName_AndTheFirstAsDefault()
    {
        var services = new ServiceCollection().AddLoyaltyRules(rules => rules
            .AddProgram("coffee", CoffeeProgram.Build)
            .AddProgramFromJsonFile("salad", ProgramFile("salad-spend-35-get-5.json"))
            .AddProgramFromJson("bikes", () => File.OpenRead(ProgramFile("double-sided-referral.json"))));
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        await provider.GetRequiredService<IAsyncStartupValidator>().ValidateAsync(default);
        var coffee = provider.GetRequiredKeyedService<AccrualEvaluator>("coffee");
        var purchase = new Transaction("T-1", "ana", Instant.FromUtc(2026, 3, 11, 3, 30), "USD", "store", [new TransactionLine("LATTE", "coffee", 2m, 4.95m)]);

        Assert.Equal(59, coffee.Evaluate(purchase, new MemberContext("ana", "Gold")).Total.Value);
        Assert.Equal("greens", provider.GetRequiredKeyedService<LoyaltyProgram>("salad").Id);
        Assert.Equal("bikeshare", provider.GetRequiredKeyedService<LoyaltyProgram>("bikes").Id);
        Assert.Same(provider.GetRequiredKeyedService<LoyaltyProgram>("coffee"), provider.GetRequiredService<LoyaltyProgram>());
        Assert.Same(coffee, provider.GetRequiredService<AccrualEvaluator>());
        Assert.Same(provider.GetRequiredKeyedService<LoyaltyProgram>("salad").Ledger, provider.GetRequiredKeyedService<LedgerProcessor>("salad"));
        Assert.Same(SystemClock.Instance, provider.GetRequiredService<IClock>());
    }

    [Fact]
    public void AddLoyaltyRules_KeepsTheHostsClock()
    {
        var clock = new FakeClock(Instant.FromUtc(2026, 3, 10, 12, 0));
        var services = new ServiceCollection().AddSingleton<IClock>(clock).AddLoyaltyRules(rules => rules.AddProgram("coffee", CoffeeProgram.Build));
        using var provider = services.BuildServiceProvider();

        Assert.Same(clock, provider.GetRequiredService<IClock>());
    }

    [Fact]
    public async System.Threading.Tasks.Task StartUp_ListsEveryProblemOfEveryProgram_BeforeTheFirstTransaction()
    {
        var broken = Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.json");
        File.WriteAllText(broken, """{ "schemaVersion": 1, "id": "x", "currency": "USD", "timeZone": "Nowhere/City", "earn": [ { "kind": "rate", "id": "r", "pointsPerUnit": -1 } ] }""");
        try
        {
            var services = new ServiceCollection().AddLoyaltyRules(rules => rules
                .AddProgram("coffee", CoffeeProgram.Build)
                .AddProgram("bad", () => new LoyaltyProgramBuilder("bad", "usd", DateTimeZone.Utc).AddEarnRate("r", -1m).Build())
                .AddProgramFromJsonFile("file", broken)
                .AddProgramFromJsonFile("missing", "no/such/file.json")
                .AddProgram("coffee", CoffeeProgram.Build));
            using var provider = services.BuildServiceProvider();

            var error = await Assert.ThrowsAsync<OptionsValidationException>(async () => await provider.GetRequiredService<IAsyncStartupValidator>().ValidateAsync(default));

            Assert.Equal(
                [
                    "program 'bad' (built in code): currency: 'usd' is not an ISO 4217 code (three upper-case letters).",
                    "program 'bad' (built in code): earn[0] (id 'r').pointsPerUnit: must not be negative, was -1.",
                    $"program 'file' ({broken}): $.timeZone: 'Nowhere/City' is not a known IANA time zone (e.g. \"America/New_York\").",
                    $"program 'file' ({broken}): $.earn[0] (id 'r').pointsPerUnit: must not be negative, was -1.",
                    "program 'missing' (no/such/file.json): cannot be read: ",
                    "program 'coffee' is registered twice.",
                ],
                error.Failures.Select(f => f.StartsWith("program 'missing'", StringComparison.Ordinal) ? f[..f.IndexOf("read: ", StringComparison.Ordinal)] + "read: " : f));
        }
        finally
        {
            File.Delete(broken);
        }
    }

    [Fact]
    public async System.Threading.Tasks.Task AddLoyaltyRules_WithoutPrograms_FailsAtStartUp()
    {
        using var provider = new ServiceCollection().AddLoyaltyRules(_ => { }).BuildServiceProvider();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () => await provider.GetRequiredService<IAsyncStartupValidator>().ValidateAsync(default));

        Assert.Equal("No loyalty program is registered: call AddProgram in AddLoyaltyRules.", Assert.Single(error.Failures));
    }

    [Fact]
    public void AddProgram_WithoutAName_Throws()
    {
        Assert.ThrowsAny<ArgumentException>(() => new ServiceCollection().AddLoyaltyRules(rules => rules.AddProgram(" ", CoffeeProgram.Build)));
        Assert.ThrowsAny<ArgumentNullException>(() => new ServiceCollection().AddLoyaltyRules(null!));
    }
}
