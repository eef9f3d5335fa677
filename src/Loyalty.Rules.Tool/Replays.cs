using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Loyalty.Rules.Testing;
using NodaTime;
using Spectre.Console;

namespace Loyalty.Rules.Tool;

/// <summary><c>replay</c> and <c>whatif</c>: the history, the progress bar, the tables and the chart.</summary>
internal static class Replays
{
    public const string DefaultChart = "whatif-liability.png";

    public static int Replay(IAnsiConsole console, Options options)
    {
        var program = Definitions.Load(console, options.File(0, "PROGRAM.json"));
        if (program is null)
        {
            return LoyaltyCommand.Findings;
        }

        using var history = History.Open(options, 1, program);
        ReplayReport? report = null;
        int code = Run(console, history, "Replaying", progress => report = Rules.Replay.Run(program, history.Events, history.MemberOf, Until(options, program), progress));
        if (report is null)
        {
            return code;
        }

        console.Write(new Rule($"[bold]{Markup.Escape(program.ToString())}[/] over {Markup.Escape(history.Description)}").LeftJustified());
        Tables.Report(console, report, program);
        if (options.Named("chart") is { } chart)
        {
            Chart.Write(Path.GetFullPath(chart, options.WorkingDirectory), program.Currency, (program.Id, report));
            console.MarkupLineInterpolated($"Liability chart: [bold]{chart}[/]");
        }

        return history.Finish(console, code);
    }

    public static int WhatIf(IAnsiConsole console, Options options)
    {
        var current = Definitions.Load(console, options.File(0, "CURRENT.json"));
        var candidate = Definitions.Load(console, options.File(1, "CANDIDATE.json"));
        if (current is null || candidate is null)
        {
            return LoyaltyCommand.Findings;
        }

        if (current.Currency != candidate.Currency)
        {
            return LoyaltyCommand.Print(console, $"the programs must share a currency to be compared ({current.Currency}, {candidate.Currency}).", LoyaltyCommand.Usage);
        }

        using var history = History.Open(options, 2, current);
        ReplayDiff? diff = null;
        int code = Run(console, history, "Replaying both programs", progress =>
            diff = Rules.Replay.Compare(current, candidate, history.Events, history.MemberOf, Until(options, current), progress, topMembers: options.Int("top", 15)));
        if (diff is null)
        {
            return code;
        }

        console.Write(new Rule($"[bold]{Markup.Escape(current.ToString())}[/] against [bold]{Markup.Escape(candidate.ToString())}[/] over {Markup.Escape(history.Description)}").LeftJustified());
        Tables.Diff(console, diff);
        string chart = Path.GetFullPath(options.Named("chart") ?? DefaultChart, options.WorkingDirectory);
        string currentName = current.Id == candidate.Id ? $"{current.Id} v{current.Version} (current)" : $"{current.Id} (current)";
        string candidateName = current.Id == candidate.Id ? $"{candidate.Id} v{candidate.Version} (candidate)" : $"{candidate.Id} (candidate)";
        Chart.Write(chart, current.Currency, (currentName, diff.Current), (candidateName, diff.Candidate));
        console.MarkupLineInterpolated($"Liability chart: [bold]{chart}[/]");
        return history.Finish(console, code);
    }

    private static Instant? Until(Options options, LoyaltyProgram program)
        => options.Date("until") is { } day ? day.AtStartOfDayInZone(program.TimeZone).ToInstant() : null;

    /// <summary>Runs a replay under a progress bar; a refused history becomes exit code 3 with its line.</summary>
    private static int Run(IAnsiConsole console, History history, string what, Action<IProgress<ReplayProgress>> replay)
    {
        try
        {
            console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                .Start(context =>
                {
                    var task = context.AddTask(what, maxValue: 1.0);
                    replay(new Progress(p =>
                    {
                        task.Value = Math.Clamp(history.Fraction(p), 0.0, 1.0);
                        task.Description = string.Create(CultureInfo.InvariantCulture, $"{what}: {p.Events:N0} events, {p.Members:N0} members");
                    }));
                    task.Value = 1.0;
                });
            return LoyaltyCommand.Done;
        }
        catch (HistoryCsvException e)
        {
            return LoyaltyCommand.Print(console, $"{history.Description}: {e.Message}", LoyaltyCommand.BadHistory);
        }
        catch (ArgumentException e)
        {
            return LoyaltyCommand.Print(console, $"{history.Description}{history.Where()}: {e.Message}", LoyaltyCommand.BadHistory);
        }
    }

    private sealed class Progress(Action<ReplayProgress> report) : IProgress<ReplayProgress>
    {
        public void Report(ReplayProgress value) => report(value);
    }

    /// <summary>The history replayed: a CSV file, or the generated sample.</summary>
    private sealed class History : IDisposable
    {
        private readonly FileStream? file;
        private readonly HistoryCsv? csv;
        private readonly LoyaltyHistory? sample;
        private readonly Instant from, until;

        private History(FileStream file, HistoryCsv csv, string description)
            => (this.file, this.csv, Description, Events) = (file, csv, description, csv.Events());

        private History(LoyaltyHistory sample, DateTimeZone zone)
        {
            this.sample = sample;
            (from, until) = (sample.From.AtStartOfDayInZone(zone).ToInstant(), sample.Until.AtStartOfDayInZone(zone).ToInstant());
            Description = string.Create(CultureInfo.InvariantCulture, $"the generated sample history ({sample.Members.Count:N0} members, {sample.From} to {sample.Until})");
            Events = sample.Events();
        }

        public string Description { get; }

        public IEnumerable<LedgerEvent> Events { get; }

        public static History Open(Options options, int index, LoyaltyProgram program)
        {
            if (options.OptionalFile(index) is not { } path)
            {
                return new History(LoyaltyHistory.Generate(program, options.Int("members", LoyaltyCommand.SampleMembers), LoyaltyCommand.SampleFrom), program.TimeZone);
            }

            var file = File.OpenRead(path);
            var csv = new HistoryCsv(new StreamReader(file), program.Currency, skipBadRows: options.Has("skip-bad-rows"));
            return new History(file, csv, Path.GetFileName(path));
        }

        public MemberContext MemberOf(string memberId) => csv?.MemberOf(memberId) ?? sample!.MemberOf(memberId);

        public double Fraction(ReplayProgress progress)
            => file is not null ? (double)file.Position / Math.Max(1, file.Length) : (progress.At - from) / (until - from);

        public string Where() => csv is null ? "" : string.Create(CultureInfo.InvariantCulture, $", line {csv.Line}");

        /// <summary>The exit code, after listing the rows left out.</summary>
        public int Finish(IAnsiConsole console, int code)
        {
            if (csv is null || csv.Problems.Count == 0)
            {
                return code;
            }

            console.MarkupLineInterpolated($"[yellow]{csv.Problems.Count} bad row(s) left out[/] of {Description}:");
            foreach (var problem in csv.Problems)
            {
                console.WriteLine($"  {problem}");
            }

            return LoyaltyCommand.BadHistory;
        }

        public void Dispose() => file?.Dispose();
    }
}
