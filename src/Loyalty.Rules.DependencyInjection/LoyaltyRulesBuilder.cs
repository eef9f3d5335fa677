using System;
using System.IO;
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
        return Register(name, "built in code", build);
    }

    /// <summary>Registers a program from a JSON definition file.</summary>
    /// <param name="name">The name to resolve it by.</param>
    /// <param name="path">The file's path.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The name or path is empty.</exception>
    public LoyaltyRulesBuilder AddProgramFromJsonFile(string name, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Register(name, path, () => LoyaltyProgram.FromJson(File.ReadAllBytes(path)));
    }

    /// <summary>Registers a program from a JSON definition stream (opened once, at start-up, and disposed).</summary>
    /// <param name="name">The name to resolve it by.</param>
    /// <param name="open">Opens the stream.</param>
    /// <returns>This builder.</returns>
    public LoyaltyRulesBuilder AddProgramFromJson(string name, Func<Stream> open)
    {
        ArgumentNullException.ThrowIfNull(open);
        return Register(name, "a JSON stream", () =>
        {
            using var stream = open();
            return LoyaltyProgram.FromJson(stream);
        });
    }

    private LoyaltyRulesBuilder Register(string name, string source, Func<LoyaltyProgram> build)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Services.Configure<LoyaltyRulesOptions>(o => o.Add(name, source, build));
        Services.TryAddKeyedSingleton(name, (sp, _) => Options(sp).Program(name));
        Services.TryAddKeyedSingleton(name, (sp, _) => sp.GetRequiredKeyedService<LoyaltyProgram>(name).Evaluator);
        Services.TryAddKeyedSingleton(name, (sp, _) => sp.GetRequiredKeyedService<LoyaltyProgram>(name).Ledger);
        Services.TryAddSingleton(sp => sp.GetRequiredKeyedService<LoyaltyProgram>(name));
        Services.TryAddSingleton(sp => sp.GetRequiredService<LoyaltyProgram>().Evaluator);
        Services.TryAddSingleton(sp => sp.GetRequiredService<LoyaltyProgram>().Ledger);
        return this;
    }

    private static LoyaltyRulesOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<LoyaltyRulesOptions>>().Value;
}
