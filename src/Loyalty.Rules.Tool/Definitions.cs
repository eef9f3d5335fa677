using System;
using System.IO;
using NodaTime;
using Spectre.Console;

namespace Loyalty.Rules.Tool;

/// <summary>Loading, validating and linting program definitions.</summary>
internal static class Definitions
{
    /// <summary><c>validate</c> and <c>lint</c>.</summary>
    public static int Validate(IAnsiConsole console, string path, bool lint, LocalDate? asOf)
    {
        var program = Load(console, path);
        if (program is null)
        {
            return LoyaltyCommand.Findings;
        }

        if (!lint)
        {
            console.MarkupLineInterpolated($"[green]valid[/]: {path} ({program})");
            return LoyaltyCommand.Done;
        }

        var at = asOf is { } day ? day.AtStartOfDayInZone(program.TimeZone).ToInstant() : SystemClock.Instance.GetCurrentInstant();
        var findings = program.Lint(at);
        foreach (var finding in findings)
        {
            console.MarkupLineInterpolated($"[yellow]{finding.Path}[/]: {finding.Reason}");
        }

        console.MarkupLineInterpolated($"{path}: valid, {findings.Count} lint finding(s).");
        return findings.Count == 0 ? LoyaltyCommand.Done : LoyaltyCommand.Findings;
    }

    /// <summary>The program of a definition file, or null after listing every problem (with its JSON path).</summary>
    public static LoyaltyProgram? Load(IAnsiConsole console, string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            return LoyaltyProgram.FromJson(file);
        }
        catch (LoyaltyProgramException e)
        {
            foreach (var problem in e.Problems)
            {
                console.MarkupLineInterpolated($"[red]{problem.Path}[/]: {problem.Reason}");
            }

            console.MarkupLineInterpolated($"{path}: [red]invalid[/], {e.Problems.Count} problem(s).");
            return null;
        }
    }
}
