using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Loyalty.Rules.DependencyInjection;

/// <summary>The programs a host registers, by name. Filled by <see cref="LoyaltyRulesBuilder"/>; built and validated once, at start-up.</summary>
public sealed class LoyaltyRulesOptions
{
    private readonly List<ProgramRegistration> registrations = [];
    private Dictionary<string, LoyaltyProgram>? built;
    private (string Source, Func<byte[]> Read)? receiptKey;
    private byte[]? key;

    /// <summary>The registered program names, in registration order.</summary>
    public IReadOnlyList<string> Names => [.. registrations.Select(r => r.Name)];

    internal void Add(ProgramRegistration registration) => registrations.Add(registration);

    /// <summary>Where the receipt key comes from (the last one set wins).</summary>
    internal void ReceiptKeyFrom(string source, Func<byte[]> read) => receiptKey = (source, read);

    /// <summary>Takes the programs (and the receipt key) another instance built (the options are created once per cache, the programs only once).</summary>
    internal void Use(Dictionary<string, LoyaltyProgram> programs, byte[]? receiptKeyRead) => (built, key) = (programs, receiptKeyRead);

    /// <summary>A built program's ledger, with the receipt key when the host set one.</summary>
    internal LedgerProcessor Ledger(string name) => key is null ? Program(name).Ledger : Program(name).Ledger.WithReceiptKey(key);

    /// <summary>A built program by name (after validation).</summary>
    internal LoyaltyProgram Program(string name)
        => (built ?? throw new InvalidOperationException("The Loyalty.Rules programs have not been validated yet."))
            .TryGetValue(name, out var program) ? program : throw new InvalidOperationException($"No loyalty program is registered as '{name}'; registered: {string.Join(", ", Names)}.");

    /// <summary>
    /// Builds every program once, relative file paths against <paramref name="baseDirectory"/>; logs each program
    /// loaded and its lint findings at <paramref name="asOf"/>; returns every problem of every program (none when all are valid).
    /// </summary>
    internal (Dictionary<string, LoyaltyProgram> Programs, List<string> Problems, byte[]? ReceiptKey) Build(string baseDirectory, Instant asOf, ILogger logger)
    {
        var problems = new List<string>();
        if (receiptKey is { } keySource)
        {
            try
            {
                key = keySource.Read();
                if (key.Length < 32)
                {
                    problems.Add($"receipt key ({keySource.Source}): must be at least 32 bytes, was {key.Length}.");
                    key = null;
                }
            }
            catch (Exception e) when (e is FormatException or InvalidOperationException)
            {
                problems.Add($"receipt key ({keySource.Source}): {(e is FormatException ? "is not base64." : e.Message)}");
            }
        }

        var programs = new Dictionary<string, LoyaltyProgram>(StringComparer.Ordinal);
        if (registrations.Count == 0)
        {
            problems.Add("No loyalty program is registered: call AddProgram in AddLoyaltyRules.");
        }

        foreach (var registration in registrations)
        {
            string name = registration.Name;
            if (programs.ContainsKey(name) || problems.Any(p => p.StartsWith($"program '{name}' ", StringComparison.Ordinal)))
            {
                problems.Add($"program '{name}' is registered twice.");
                continue;
            }

            string source = registration.SourceIn(baseDirectory);
            var found = new List<string>();
            try
            {
                var program = registration.Build(baseDirectory);
                programs[name] = program;
                LoyaltyRulesLog.Loaded(logger, name, source, program.Id, program.Version, program.Currency, program.TimeZone.Id);
                foreach (var finding in program.Lint(asOf))
                {
                    LoyaltyRulesLog.LintFinding(logger, name, finding.Path, finding.Reason);
                }
            }
            catch (LoyaltyProgramException e)
            {
                found.AddRange(e.Problems.Select(p => p.ToString()));
            }
            catch (IOException e)
            {
                found.Add($"cannot be read: {e.Message}");
            }
            catch (UnauthorizedAccessException e)
            {
                found.Add($"cannot be read: {e.Message}");
            }

            foreach (var problem in found)
            {
                LoyaltyRulesLog.Invalid(logger, name, source, problem);
                problems.Add($"program '{name}' ({source}): {problem}");
            }
        }

        built = programs;
        return (programs, problems, key);
    }
}

/// <summary>
/// Builds every registered program when the options are first used (at start-up with ValidateOnStart) and reports every
/// problem. Relative file paths resolve against the host's content root (else the application's base directory).
/// </summary>
internal sealed class LoyaltyRulesValidation(IServiceProvider services) : IValidateOptions<LoyaltyRulesOptions>
{
    private readonly System.Threading.Lock gate = new();
    private (Dictionary<string, LoyaltyProgram> Programs, List<string> Problems, byte[]? ReceiptKey)? result;

    public ValidateOptionsResult Validate(string? name, LoyaltyRulesOptions options)
    {
        lock (gate)
        {
            // IOptions and IOptionsMonitor each create the options once: the programs are built (and logged) once.
            result ??= options.Build(
                services.GetService<IHostEnvironment>()?.ContentRootPath is { Length: > 0 } root ? root : AppContext.BaseDirectory,
                services.GetRequiredService<IClock>().GetCurrentInstant(),
                services.GetService<ILoggerFactory>()?.CreateLogger(LoyaltyRulesLog.Category) ?? NullLogger.Instance);
        }

        options.Use(result.Value.Programs, result.Value.ReceiptKey);
        return result.Value.Problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(result.Value.Problems);
    }
}

/// <summary>What the DI package logs at start-up (category <c>Loyalty.Rules.DependencyInjection</c>).</summary>
internal static partial class LoyaltyRulesLog
{
    public const string Category = "Loyalty.Rules.DependencyInjection";

    [LoggerMessage(EventId = 1, EventName = "ProgramLoaded", Level = LogLevel.Information,
        Message = "Loyalty program '{Name}' loaded from {Source}: id {ProgramId}, version {ProgramVersion}, currency {Currency}, time zone {TimeZone}")]
    public static partial void Loaded(ILogger logger, string name, string source, string programId, int programVersion, string currency, string timeZone);

    [LoggerMessage(EventId = 2, EventName = "ProgramLintFinding", Level = LogLevel.Warning,
        Message = "Loyalty program '{Name}': {Path}: {Reason}")]
    public static partial void LintFinding(ILogger logger, string name, string path, string reason);

    [LoggerMessage(EventId = 3, EventName = "ProgramInvalid", Level = LogLevel.Error,
        Message = "Loyalty program '{Name}' ({Source}) cannot be used: {Problem}")]
    public static partial void Invalid(ILogger logger, string name, string source, string problem);
}
