using System;
using System.IO;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Loyalty.Rules.DependencyInjection;

/// <summary>
/// Registers loyalty programs by name. Each program is a keyed singleton (<see cref="LoyaltyProgram"/>, its
/// <see cref="AccrualEvaluator"/> and its <see cref="LedgerProcessor"/>, keyed by the name); the first registered is also
/// the unkeyed default. Programs are built once, at start-up, and every problem of every program is reported then.
/// </summary>
public sealed class LoyaltyRulesBuilder
{
    /// <summary>The configuration section <see cref="AddProgramsFromConfiguration"/> reads by default.</summary>
    public const string ConfigurationSection = "Loyalty:Programs";

    /// <summary>The configuration key <see cref="UseReceiptKeyFromConfiguration"/> reads by default.</summary>
    public const string ReceiptKeySetting = "Loyalty:ReceiptKey";

    internal LoyaltyRulesBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Registers a program built in code.</summary>
    /// <param name="name">The name to resolve it by (a keyed-service key).</param>
    /// <param name="build">Builds the program (called once, at start-up).</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    public LoyaltyRulesBuilder AddProgram(string name, Func<LoyaltyProgram> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        return Register(new ProgramRegistration(name, "built in code", _ => build()));
    }

    /// <summary>
    /// Registers a program from a JSON definition file. A relative path is relative to the host's content root
    /// (<c>IHostEnvironment.ContentRootPath</c>) when the host has one, else to the application's base directory, never
    /// to the working directory the process happens to start in.
    /// </summary>
    /// <param name="name">The name to resolve it by.</param>
    /// <param name="path">The file's path.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The name or path is empty.</exception>
    public LoyaltyRulesBuilder AddProgramFromJsonFile(string name, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Register(ProgramRegistration.FromFile(name, path));
    }

    /// <summary>Registers a program from a JSON definition stream (opened once, at start-up, and disposed).</summary>
    /// <param name="name">The name to resolve it by.</param>
    /// <param name="open">Opens the stream.</param>
    /// <returns>This builder.</returns>
    public LoyaltyRulesBuilder AddProgramFromJson(string name, Func<Stream> open)
    {
        ArgumentNullException.ThrowIfNull(open);
        return Register(new ProgramRegistration(name, "a JSON stream", _ =>
        {
            using var stream = open();
            return LoyaltyProgram.FromJson(stream);
        }));
    }

    /// <summary>
    /// Registers every program of a configuration section (by default <c>Loyalty:Programs</c>): each child is a program
    /// name with its <c>File</c> (a JSON definition, relative paths as in <see cref="AddProgramFromJsonFile"/>), or the
    /// file's path as the child's value. Children register in the order configuration lists them (by name). A child
    /// without a file is reported at start-up with its configuration path, with every other problem.
    /// </summary>
    /// <example>
    /// <code>
    /// { "Loyalty": { "Programs": { "coffee": { "File": "programs/p1-coffee.json" }, "salad": "programs/salad.json" } } }
    /// </code>
    /// </example>
    /// <param name="configuration">The host's configuration (the section is read from it).</param>
    /// <param name="section">The section's path.</param>
    /// <returns>This builder.</returns>
    public LoyaltyRulesBuilder AddProgramsFromConfiguration(IConfiguration configuration, string section = ConfigurationSection)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(section);
        foreach (var child in configuration.GetSection(section).GetChildren())
        {
            string? file = child.Value ?? child["File"];
            Register(string.IsNullOrWhiteSpace(file)
                ? new ProgramRegistration(child.Key, $"configuration {child.Path}", _ => throw new ProgramDefinitionException([new ValidationProblem($"{child.Path}:File", "is required: the path of the program's JSON file.")]))
                : ProgramRegistration.FromFile(child.Key, file));
        }

        return this;
    }

    /// <summary>
    /// Signs and checks the receipts of transfers and merges with the host's secret key: every registered
    /// <see cref="LedgerProcessor"/> is the program's ledger <see cref="LedgerProcessor.WithReceiptKey"/> (the same key on
    /// every instance of the host, so one instance takes what another signed).
    /// </summary>
    /// <param name="key">The key; at least 32 bytes (checked at start-up).</param>
    /// <returns>This builder.</returns>
    public LoyaltyRulesBuilder UseReceiptKey(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        byte[] copy = [.. key];
        return UseReceiptKey("the key given in code", () => copy);
    }

    /// <summary>
    /// As <see cref="UseReceiptKey(byte[])"/>, with the key read at start-up from configuration (by default
    /// <c>Loyalty:ReceiptKey</c>), in base64: a secret store or an environment variable, not a file in the repository.
    /// A missing, malformed or short key is reported at start-up with the programs' problems.
    /// </summary>
    /// <param name="configuration">The host's configuration.</param>
    /// <param name="key">The configuration key.</param>
    /// <returns>This builder.</returns>
    public LoyaltyRulesBuilder UseReceiptKeyFromConfiguration(IConfiguration configuration, string key = ReceiptKeySetting)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        return UseReceiptKey($"configuration {key}", () => configuration[key] is { Length: > 0 } text
            ? Convert.FromBase64String(text)
            : throw new InvalidOperationException("is required: the receipt key, in base64."));
    }

    private LoyaltyRulesBuilder UseReceiptKey(string source, Func<byte[]> read)
    {
        Services.Configure<LoyaltyRulesOptions>(o => o.ReceiptKeyFrom(source, read));
        return this;
    }

    private LoyaltyRulesBuilder Register(ProgramRegistration registration)
    {
        string name = registration.Name;
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Services.Configure<LoyaltyRulesOptions>(o => o.Add(registration));
        Services.TryAddKeyedSingleton(name, (sp, _) => Options(sp).Program(name));
        Services.TryAddKeyedSingleton(name, (sp, _) => sp.GetRequiredKeyedService<LoyaltyProgram>(name).Evaluator);
        Services.TryAddKeyedSingleton(name, (sp, _) => Options(sp).Ledger(name));
        Services.TryAddSingleton(sp => sp.GetRequiredKeyedService<LoyaltyProgram>(name));
        Services.TryAddSingleton(sp => sp.GetRequiredService<LoyaltyProgram>().Evaluator);
        Services.TryAddSingleton(sp => sp.GetRequiredKeyedService<LedgerProcessor>(name));
        return this;
    }

    private static LoyaltyRulesOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<LoyaltyRulesOptions>>().Value;
}

/// <summary>One registered program: its name, where it comes from (for messages), and how to build it from the base directory of relative paths.</summary>
internal sealed record ProgramRegistration(string Name, string Source, Func<string, LoyaltyProgram> Build)
{
    /// <summary>The file a program is read from, when it is one (resolved against the base directory at start-up).</summary>
    public string? File { get; private init; }

    public static ProgramRegistration FromFile(string name, string path)
        => new(name, path, baseDirectory => LoyaltyProgram.FromJson(System.IO.File.ReadAllBytes(Path.GetFullPath(path, baseDirectory)))) { File = path };

    /// <summary>Where it comes from, with a file's full path.</summary>
    public string SourceIn(string baseDirectory) => File is null ? Source : Path.GetFullPath(File, baseDirectory);
}
