using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Loyalty.Rules.DependencyInjection;
using Loyalty.Rules.Samples;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;
using Xunit;

namespace Loyalty.Rules.Tests.DependencyInjection;

public class DependencyInjectionTests
{
    private static string ProgramFile(string name) => Path.Combine(AppContext.BaseDirectory, "programs", name);

    [Fact]
    public void AddLoyaltyRules_ResolvesEvaluatorsByName_AndTheFirstAsDefault()
    {
        int builds = 0;
        var services = new ServiceCollection().AddLoyaltyRules(rules => rules
            .AddProgram("coffee", () => { builds++; return CoffeeProgram.Build(); })
            .AddProgramFromJsonFile("salad", ProgramFile("salad-spend-35-get-5.json"))
            .AddProgramFromJson("bikes", () => File.OpenRead(ProgramFile("double-sided-referral.json"))));
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        provider.GetRequiredService<IStartupValidator>().Validate();
        var coffee = provider.GetRequiredKeyedService<AccrualEvaluator>("coffee");
        var purchase = new Transaction("T-1", "ana", Instant.FromUtc(2026, 3, 11, 3, 30), "USD", "store", [new TransactionLine("LATTE", "coffee", 2m, 4.95m)]);

        Assert.Equal(59, coffee.Evaluate(purchase, new MemberContext("ana", "Gold")).Total.Value);
        Assert.Equal("greens", provider.GetRequiredKeyedService<LoyaltyProgram>("salad").Id);
        Assert.Equal("bikeshare", provider.GetRequiredKeyedService<LoyaltyProgram>("bikes").Id);
        Assert.Same(provider.GetRequiredKeyedService<LoyaltyProgram>("coffee"), provider.GetRequiredService<LoyaltyProgram>());
        Assert.Same(coffee, provider.GetRequiredService<AccrualEvaluator>());
        Assert.Same(provider.GetRequiredKeyedService<LoyaltyProgram>("salad").Ledger, provider.GetRequiredKeyedService<LedgerProcessor>("salad"));
        Assert.Same(SystemClock.Instance, provider.GetRequiredService<IClock>());
        Assert.Equal(["coffee", "salad", "bikes"], provider.GetRequiredService<IOptions<LoyaltyRulesOptions>>().Value.Names);
        Assert.Equal(1, builds); // validated at start-up (IOptionsMonitor) and read (IOptions): built once
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
    public void StartUp_ListsEveryProblemOfEveryProgram_BeforeTheFirstTransaction()
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

            var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

            Assert.Equal(
                [
                    "program 'bad' (built in code): currency: 'usd' is not an ISO 4217 code (three upper-case letters).",
                    "program 'bad' (built in code): earn[0] (id 'r').pointsPerUnit: must not be negative, was -1.",
                    $"program 'file' ({broken}): $.timeZone: 'Nowhere/City' is not a known IANA time zone (e.g. \"America/New_York\").",
                    $"program 'file' ({broken}): $.earn[0] (id 'r').pointsPerUnit: must not be negative, was -1.",
                    $"program 'missing' ({Path.Combine(AppContext.BaseDirectory, "no/such/file.json")}): cannot be read: ",
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
    public void AddLoyaltyRules_WithoutPrograms_FailsAtStartUp()
    {
        using var provider = new ServiceCollection().AddLoyaltyRules(_ => { }).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal("No loyalty program is registered: call AddProgram in AddLoyaltyRules.", Assert.Single(error.Failures));
    }

    [Fact]
    public void RelativeFilePaths_ResolveAgainstTheContentRoot_ElseTheBaseDirectory_NeverTheWorkingDirectory()
    {
        var root = Directory.CreateTempSubdirectory("loyalty-root-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "config"));
            File.Copy(ProgramFile("salad-spend-35-get-5.json"), Path.Combine(root, "config", "salad.json"));
            var hosted = new ServiceCollection().AddSingleton<IHostEnvironment>(new Host(root)).AddLoyaltyRules(rules => rules.AddProgramFromJsonFile("salad", "config/salad.json"));
            using var withHost = hosted.BuildServiceProvider();
            using var withoutHost = new ServiceCollection().AddLoyaltyRules(rules => rules.AddProgramFromJsonFile("salad", "programs/salad-spend-35-get-5.json")).BuildServiceProvider();

            withHost.GetRequiredService<IStartupValidator>().Validate();
            withoutHost.GetRequiredService<IStartupValidator>().Validate(); // the base directory (the content-root case above is the one that tells it from the working directory)

            Assert.Equal("greens", withHost.GetRequiredService<LoyaltyProgram>().Id);
            Assert.Equal("greens", withoutHost.GetRequiredService<LoyaltyProgram>().Id);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void ProgramsFromConfiguration_RegisterByName_AndAnEntryWithoutAFileIsReportedWithItsPath()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Loyalty:Programs:salad:File"] = "programs/salad-spend-35-get-5.json",
            ["Loyalty:Programs:winter"] = "programs/winter-offers.json",
        }).Build();
        using var provider = new ServiceCollection().AddLoyaltyRules(rules => rules.AddProgramsFromConfiguration(configuration)).BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal("greens", provider.GetRequiredKeyedService<LoyaltyProgram>("salad").Id);
        Assert.Equal("winter-comeback", provider.GetRequiredKeyedService<LoyaltyProgram>("winter").Id);
        Assert.Same(provider.GetRequiredKeyedService<LoyaltyProgram>("salad"), provider.GetRequiredService<LoyaltyProgram>()); // first by name

        var broken = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Loyalty:Programs:bikes:Zone"] = "UTC" }).Build();
        using var failing = new ServiceCollection().AddLoyaltyRules(rules => rules.AddProgramsFromConfiguration(broken)).BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => failing.GetRequiredService<IStartupValidator>().Validate());
        Assert.Equal("program 'bikes' (configuration Loyalty:Programs:bikes): Loyalty:Programs:bikes:File: is required: the path of the program's JSON file.", Assert.Single(error.Failures));
    }

    [Fact]
    public void StartUp_LogsEachProgramLoaded_ItsLintFindings_AndItsProblems()
    {
        var logs = new Logs();
        var services = new ServiceCollection()
            .AddSingleton<IClock>(new FakeClock(Instant.FromUtc(2026, 6, 1, 16, 0)))
            .AddLogging(b => b.AddProvider(logs))
            .AddLoyaltyRules(rules => rules
                .AddProgram("coffee", CoffeeProgram.Build)
                .AddProgram("spring", () => new LoyaltyProgramBuilder("spring", "USD", DateTimeZone.Utc)
                    .AddEarnRate("base", 1m)
                    .AddMultiplier("spring", 2m, new Condition { To = new LocalDate(2026, 4, 30) })
                    .Build())
                .AddProgram("bad", () => new LoyaltyProgramBuilder("bad", "usd", DateTimeZone.Utc).Build()));
        using var provider = services.BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(
            [
                "Information Loyalty.Rules.DependencyInjection: Loyalty program 'coffee' loaded from built in code: id coffee, version 1, currency USD, time zone America/New_York",
                "Information Loyalty.Rules.DependencyInjection: Loyalty program 'spring' loaded from built in code: id spring, version 1, currency USD, time zone UTC",
                "Warning Loyalty.Rules.DependencyInjection: Loyalty program 'spring': $.earn[1].when.to: its window ended on 2026-04-30: it can never fire again.",
                "Error Loyalty.Rules.DependencyInjection: Loyalty program 'bad' (built in code) cannot be used: currency: 'usd' is not an ISO 4217 code (three upper-case letters).",
            ],
            logs.Lines);
    }

    private sealed class Host(string root) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Production";

        public string ApplicationName { get; set; } = "test";

        public string ContentRootPath { get; set; } = root;

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
    }

    private sealed class Logs : ILoggerProvider, ILogger
    {
        public List<string> Lines { get; } = [];

        public ILogger CreateLogger(string categoryName) => categoryName.StartsWith("Loyalty", StringComparison.Ordinal) ? this : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => Lines.Add($"{logLevel} Loyalty.Rules.DependencyInjection: {formatter(state, exception)}");

        public void Dispose()
        {
        }
    }

    [Fact]
    public void AddProgram_WithoutAName_Throws()
    {
        Assert.ThrowsAny<ArgumentException>(() => new ServiceCollection().AddLoyaltyRules(rules => rules.AddProgram(" ", CoffeeProgram.Build)));
        Assert.ThrowsAny<ArgumentNullException>(() => new ServiceCollection().AddLoyaltyRules(null!));
    }

    [Fact]
    public void TheReceiptKey_ComesFromConfiguration_SignsEveryRegisteredLedger_AndABadOneStopsTheStart()
    {
        LoyaltyProgram Family() => new LoyaltyProgramBuilder("family", "USD", DateTimeZoneProviders.Tzdb["America/New_York"]).AddEarnRate("base", 1m).WithTransfers(new TransferPolicy()).Build();
        string key = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray());
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Loyalty:ReceiptKey"] = key }).Build();
        using var provider = new ServiceCollection().AddLoyaltyRules(rules => rules.AddProgram("family", Family).UseReceiptKeyFromConfiguration(configuration)).BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        var ledger = provider.GetRequiredService<LedgerProcessor>();
        Assert.Same(ledger, provider.GetRequiredKeyedService<LedgerProcessor>("family"));

        var at = Instant.FromUtc(2026, 3, 1, 12, 0);
        var ana = ledger.Process(MemberAccount.Open("ana"), new AdjustmentEvent("A", "ana", at, 100, "goodwill"), new MemberContext("ana")).Account;
        var receipt = ledger.Process(ana, new TransferOutEvent("X", "ana", "ben", at, 50), new MemberContext("ana")).Transfer!;
        var unkeyed = provider.GetRequiredService<LoyaltyProgram>().Ledger;
        Assert.Equal(LedgerStatus.Rejected, unkeyed.Process(MemberAccount.Open("ben"), new TransferInEvent(receipt), new MemberContext("ben")).Status);
        Assert.Equal(LedgerStatus.Applied, ledger.Process(MemberAccount.Open("ben"), new TransferInEvent(receipt), new MemberContext("ben")).Status);
        Assert.Equal(LedgerStatus.Applied, Family().Ledger.WithReceiptKey(Convert.FromBase64String(key)).Process(MemberAccount.Open("ben"), new TransferInEvent(receipt), new MemberContext("ben")).Status); // another instance, same key

        foreach (var (value, problem) in new[] { ("c2hvcnQ=", "must be at least 32 bytes, was 5."), ("not base64!", "is not base64."), ("", "is required: the receipt key, in base64.") })
        {
            var bad = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Loyalty:ReceiptKey"] = value }).Build();
            using var refused = new ServiceCollection().AddLoyaltyRules(rules => rules.AddProgram("family", Family).UseReceiptKeyFromConfiguration(bad)).BuildServiceProvider();
            var error = Assert.Throws<OptionsValidationException>(() => refused.GetRequiredService<IStartupValidator>().Validate());
            Assert.Contains($"receipt key (configuration Loyalty:ReceiptKey): {problem}", error.Failures);
        }
    }
}
