using System;
using System.IO;
using System.Linq;
using FsCheck.Fluent;
using Loyalty.Rules;
using Loyalty.Rules.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;

// A user of the three packages, restored from the packed .nupkg files: DI with a program from JSON, an
// evaluation, the ledger, the schema, and the test kit. Any missing piece fails the run (exit code 1).
var failures = 0;
void Check(bool ok, string what)
{
    Console.WriteLine($"{(ok ? "ok  " : "FAIL")} {what}");
    failures += ok ? 0 : 1;
}

var services = new ServiceCollection().AddLoyaltyRules(rules => rules.AddProgramFromJsonFile("coffee", Path.Combine(AppContext.BaseDirectory, "p1-coffee.json")));
using var provider = services.BuildServiceProvider();
provider.GetRequiredService<IStartupValidator>().Validate();
var evaluator = provider.GetRequiredKeyedService<AccrualEvaluator>("coffee");
var purchase = new TransactionBuilder("T-1").By("ana").At(Instant.FromUtc(2026, 3, 11, 3, 30)).Line("LATTE", "coffee", 2m, 4.95m).Build();
var result = evaluator.Evaluate(purchase, new MemberBuilder("ana").InTier("Gold").Build());
Console.WriteLine(result);
Check(result.Total.Value == 59, "P1 from JSON through DI: 59 points for a Gold Tuesday latte");
AccrualAssert.HasTotal(result, 59);

var ledger = provider.GetRequiredKeyedService<LedgerProcessor>("coffee");
var outcome = ledger.Process(MemberAccount.Open("ana"), new PurchaseEvent(purchase), new MemberContext("ana", "Gold"));
Check(outcome.Status == LedgerStatus.Applied && outcome.Account.BalanceAt(purchase.OccurredAt).Pending == 59, "the ledger holds the points pending");
Check(MemberAccount.FromJson(outcome.Account.ToJson()).Equals(outcome.Account), "the account survives its JSON round trip");
Check(LoyaltyProgram.JsonSchema.Contains("\"schemaVersion\"", StringComparison.Ordinal), "the JSON Schema is in the package");
Check(LoyaltyGenerators.Program(allowCaps: true).Sample(5, 5).All(p => p.Evaluator is not null), "the FsCheck generators run");
// What the restored packages hold, file by file (the global packages folder keeps each package as it was packed).
var version = typeof(LoyaltyProgram).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
    .Cast<System.Reflection.AssemblyInformationalVersionAttribute>().Single().InformationalVersion.Split('+')[0];
var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
foreach (var id in new[] { "Loyalty.Rules", "Loyalty.Rules.DependencyInjection", "Loyalty.Rules.Testing" })
{
    var root = Path.Combine(packages, id.ToLowerInvariant(), version);
    foreach (var file in new[] { $"lib/net10.0/{id}.dll", $"lib/net10.0/{id}.xml", "README.md", "icon.png", "LICENSE" })
    {
        Check(File.Exists(Path.Combine(root, file)), $"{id} {version} holds {file}");
    }
}

Check(File.Exists(Path.Combine(packages, "loyalty.rules", version, "schema", "loyalty-program.schema.json")), "Loyalty.Rules holds schema/loyalty-program.schema.json");
foreach (var assembly in new[] { typeof(LoyaltyProgram).Assembly, typeof(Loyalty.Rules.DependencyInjection.LoyaltyRulesBuilder).Assembly, typeof(TransactionBuilder).Assembly })
{
    var name = assembly.GetName();
    Check(name.GetPublicKeyToken() is { Length: 8 }, $"{name.Name} is strong-named");
    Check(name.Version == new Version(name.Version!.Major, 0, 0, 0), $"{name.Name}'s assembly version is pinned to the major version ({name.Version})");
    var readme = File.ReadAllText(Path.Combine(packages, name.Name!.ToLowerInvariant(), version, "README.md"));
    Check(readme.StartsWith($"# {name.Name}\n", StringComparison.Ordinal) && !readme.Contains("](docs/", StringComparison.Ordinal) && !readme.Contains("](benchmarks/", StringComparison.Ordinal), $"{name.Name} ships its own README with absolute links");
}

Console.WriteLine(failures == 0 ? "consumer check passed" : $"consumer check: {failures} failed");
return failures == 0 ? 0 : 1;
