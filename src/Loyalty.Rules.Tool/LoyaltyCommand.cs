using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Loyalty.Rules.Testing;
using NodaTime;
using NodaTime.Text;
using Spectre.Console;

namespace Loyalty.Rules.Tool;

/// <summary>
/// The <c>loyalty</c> command: <c>validate</c> and <c>lint</c> a program definition, <c>replay</c> a history through a
/// program, <c>whatif</c> to compare two programs over one history, <c>sample-history</c> to write the generated one.
/// </summary>
/// <remarks>Exit codes: 0 done (valid, no findings); 1 the definition is invalid or has lint findings; 2 a usage error or
/// a file that cannot be read; 3 the history has bad rows (each reported with its line number) or events the program
/// refuses to process.</remarks>
public static class LoyaltyCommand
{
    /// <summary>Done.</summary>
    public const int Done = 0;

    /// <summary>The definition is invalid, or lint found something.</summary>
    public const int Findings = 1;

    /// <summary>A usage error, or a file that cannot be read.</summary>
    public const int Usage = 2;

    /// <summary>The history has bad rows, or events the program cannot process.</summary>
    public const int BadHistory = 3;

    /// <summary>The members and days of the generated sample history.</summary>
    internal const int SampleMembers = 10_000;

    internal static readonly LocalDate SampleFrom = new(2026, 1, 1);

    private const string Help = """
        loyalty validate PROGRAM.json               check a definition (problems with their JSON paths)
        loyalty lint PROGRAM.json [--as-of DATE]    validate, then lint (rules that never fire, ...)
        loyalty replay PROGRAM.json [HISTORY.csv]   replay a history: liability by month, points per rule, tiers
                 [--until DATE] [--chart FILE.png] [--skip-bad-rows] [--members N]
        loyalty whatif CURRENT.json CANDIDATE.json [HISTORY.csv]
                 [--until DATE] [--chart FILE.png] [--top N] [--skip-bad-rows] [--members N]
                                                    compare two programs over one history; writes whatif-liability.png
        loyalty sample-history PROGRAM.json FILE.csv [--members N] [--days N] [--seed N]
                                                    write the generated sample history as CSV

        Without HISTORY.csv, replay and whatif use a generated history: a year from 2026-01-01 of 10,000 members
        (--members to change it). The CSV format is in docs/HISTORY-CSV.md. Exit codes: 0 done, 1 invalid definition
        or lint findings, 2 usage or unreadable file, 3 bad history rows.
        """;

    /// <summary>Runs the command.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="console">Where the output goes.</param>
    /// <param name="workingDirectory">What relative paths are relative to (the chart is written there by default).</param>
    /// <returns>The exit code.</returns>
    public static int Run(IReadOnlyList<string> args, IAnsiConsole console, string workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(workingDirectory);
        try
        {
            var options = Options.Parse(args, workingDirectory);
            return options.Command switch
            {
                "validate" => Definitions.Validate(console, options.File(0, "PROGRAM.json"), lint: false, options.Date("as-of")),
                "lint" => Definitions.Validate(console, options.File(0, "PROGRAM.json"), lint: true, options.Date("as-of")),
                "replay" => Replays.Replay(console, options),
                "whatif" => Replays.WhatIf(console, options),
                "sample-history" => SampleHistory(console, options),
                "help" or "--help" or "-h" => Print(console, Help, Done),
                _ => Print(console, $"unknown command '{options.Command}'.\n\n{Help}", Usage),
            };
        }
        catch (UsageException e)
        {
            return Print(console, $"{e.Message}\n\n{Help}", Usage);
        }
        catch (IOException e)
        {
            return Print(console, e.Message, Usage);
        }
        catch (UnauthorizedAccessException e)
        {
            return Print(console, e.Message, Usage);
        }
    }

    private static int SampleHistory(IAnsiConsole console, Options options)
    {
        var program = Definitions.Load(console, options.File(0, "PROGRAM.json"));
        if (program is null)
        {
            return Findings;
        }

        string path = options.Path(1, "FILE.csv");
        var history = LoyaltyHistory.Generate(program, options.Int("members", SampleMembers), SampleFrom, options.Int("days", 365), options.Int("seed", 1));
        long events = 0;
        using (var file = new StreamWriter(path))
        {
            var writer = new HistoryCsvWriter(file);
            foreach (var member in history.Members)
            {
                writer.Write(member);
            }

            foreach (var e in history.Events())
            {
                writer.Write(e);
                events++;
            }
        }

        console.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"Wrote {history.Members.Count:N0} members and {events:N0} events to [bold]{path}[/].");
        return Done;
    }

    internal static int Print(IAnsiConsole console, string text, int code)
    {
        console.WriteLine(text);
        return code;
    }

    internal static string Day(Instant at, DateTimeZone zone) => LocalDatePattern.Iso.Format(at.InZone(zone).Date);
}

/// <summary>The arguments: positional ones and <c>--name value</c> options (<c>--skip-bad-rows</c> takes none).</summary>
internal sealed class Options
{
    private static readonly HashSet<string> Flags = ["skip-bad-rows"];
    private static readonly HashSet<string> Known = ["as-of", "until", "chart", "top", "members", "days", "seed", "skip-bad-rows"];
    private readonly List<string> positional = [];
    private readonly Dictionary<string, string> named = new(StringComparer.Ordinal);

    private Options(string command, string workingDirectory) => (Command, WorkingDirectory) = (command, workingDirectory);

    public string Command { get; }

    public string WorkingDirectory { get; }

    public int Count => positional.Count;

    public static Options Parse(IReadOnlyList<string> args, string workingDirectory)
    {
        if (args.Count == 0)
        {
            throw new UsageException("a command is needed.");
        }

        var options = new Options(args[0], workingDirectory);
        for (int i = 1; i < args.Count; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                string name = args[i][2..];
                if (!Known.Contains(name))
                {
                    throw new UsageException($"unknown option '--{name}'.");
                }

                options.named[name] = Flags.Contains(name) ? "true"
                    : i + 1 < args.Count ? args[++i] : throw new UsageException($"option '--{name}' needs a value.");
            }
            else
            {
                options.positional.Add(args[i]);
            }
        }

        return options;
    }

    public bool Has(string name) => named.ContainsKey(name);

    public string? Named(string name) => named.GetValueOrDefault(name);

    public string Path(int index, string what)
        => index < positional.Count ? System.IO.Path.GetFullPath(positional[index], WorkingDirectory) : throw new UsageException($"'{Command}' needs {what}.");

    public string File(int index, string what)
    {
        string path = Path(index, what);
        return System.IO.File.Exists(path) ? path : throw new FileNotFoundException($"{what}: no file '{path}'.", path);
    }

    public string? OptionalFile(int index) => index < positional.Count ? File(index, "HISTORY.csv") : null;

    public int Int(string name, int fallback)
        => Named(name) is not { } text ? fallback
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0 ? value
        : throw new UsageException($"--{name} must be a positive whole number, was '{text}'.");

    public LocalDate? Date(string name)
        => Named(name) is not { } text ? null
        : LocalDatePattern.Iso.Parse(text) is { Success: true } date ? date.Value
        : throw new UsageException($"--{name} must be a date (2026-12-31), was '{text}'.");
}

/// <summary>A command line that cannot be run as given.</summary>
internal sealed class UsageException(string message) : Exception(message);
