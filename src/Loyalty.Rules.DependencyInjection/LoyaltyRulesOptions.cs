using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Extensions.Options;

namespace Loyalty.Rules.DependencyInjection;

/// <summary>The programs a host registers, by name. Filled by <see cref="LoyaltyRulesBuilder"/>; built and validated once, at start-up.</summary>
public sealed class LoyaltyRulesOptions
{
    private readonly List<(string Name, string Source, Func<LoyaltyProgram> Build)> registrations = [];
    private Dictionary<string, LoyaltyProgram>? built;

    /// <summary>The registered program names, in registration order.</summary>
    public IReadOnlyList<string> Names => [.. registrations.Select(r => r.Name)];

    internal void Add(string name, string source, Func<LoyaltyProgram> build) => registrations.Add((name, source, build));

    /// <summary>A built program by name (after validation).</summary>
    internal LoyaltyProgram Program(string name)
        => (built ?? throw new InvalidOperationException("The Loyalty.Rules programs have not been validated yet."))
            .TryGetValue(name, out var program) ? program : throw new InvalidOperationException($"No loyalty program is registered as '{name}'; registered: {string.Join(", ", Names)}.");

    /// <summary>Builds every program once; returns every problem of every program (none when all are valid).</summary>
    internal List<string> Build()
    {
        var problems = new List<string>();
        var programs = new Dictionary<string, LoyaltyProgram>(StringComparer.Ordinal);
        if (registrations.Count == 0)
        {
            problems.Add("No loyalty program is registered: call AddProgram in AddLoyaltyRules.");
        }

        foreach (var (name, source, build) in registrations)
        {
            if (programs.ContainsKey(name) || problems.Any(p => p.StartsWith($"program '{name}' ", StringComparison.Ordinal)))
            {
                problems.Add($"program '{name}' is registered twice.");
                continue;
            }

            try
            {
                programs[name] = build();
            }
            catch (ProgramValidationException e)
            {
                problems.AddRange(e.Problems.Select(p => $"program '{name}' ({source}): {p}"));
            }
            catch (ProgramDefinitionException e)
            {
                problems.AddRange(e.Problems.Select(p => $"program '{name}' ({source}): {p}"));
            }
            catch (IOException e)
            {
                problems.Add($"program '{name}' ({source}): cannot be read: {e.Message}");
            }
            catch (UnauthorizedAccessException e)
            {
                problems.Add($"program '{name}' ({source}): cannot be read: {e.Message}");
            }
        }

        built = programs;
        return problems;
    }
}

/// <summary>Builds every registered program when the options are first used (at start-up with ValidateOnStart) and reports every problem.</summary>
internal sealed class LoyaltyRulesValidation : IValidateOptions<LoyaltyRulesOptions>
{
    public ValidateOptionsResult Validate(string? name, LoyaltyRulesOptions options)
    {
        var problems = options.Build();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
