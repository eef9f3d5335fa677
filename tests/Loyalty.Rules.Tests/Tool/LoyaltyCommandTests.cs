using System;
using System.IO;
using System.Linq;
using Loyalty.Rules.Tool;
using Spectre.Console;
using Xunit;

namespace Loyalty.Rules.Tests.Tool;

public sealed class LoyaltyCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("loyalty-tool-").FullName;
    private readonly StringWriter output = new();

    private static string Program(string name) => Path.Combine(AppContext.BaseDirectory, "programs", name);

    private int Run(params string[] args)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 200;
        return LoyaltyCommand.Run(args, console, folder);
    }

    private string Output => output.ToString();

    private string File(string name, string text)
    {
        string path = Path.Combine(folder, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Validate_AValidProgram_ExitsZero()
    {
        Assert.Equal(LoyaltyCommand.Done, Run("validate", Program("p1-coffee.json")));
        Assert.Contains("valid", Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AnInvalidProgram_ListsItsJsonPaths_AndExitsOne()
    {
        string json = System.IO.File.ReadAllText(Program("p1-coffee.json")).Replace("\"pointsPerUnit\": 2", "\"pointsPerUnit\": -2", StringComparison.Ordinal);

        Assert.Equal(LoyaltyCommand.Findings, Run("validate", File("bad.json", json)));
        Assert.Contains("$.earn[0].pointsPerUnit", Output, StringComparison.Ordinal);
        Assert.Contains("invalid", Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Lint_ExitsOneWithFindings_ZeroWithout()
    {
        Assert.Equal(LoyaltyCommand.Done, Run("lint", Program("p1-coffee.json"), "--as-of", "2026-06-01"));
        string expired = System.IO.File.ReadAllText(Program("winter-offers.json"));
        Assert.Equal(LoyaltyCommand.Findings, Run("lint", File("winter.json", expired), "--as-of", "2030-06-01"));
        Assert.Contains("lint finding", Output, StringComparison.Ordinal);
    }

    [Fact]
    public void UsageErrors_ExitTwo()
    {
        Assert.Equal(LoyaltyCommand.Usage, Run());
        Assert.Equal(LoyaltyCommand.Usage, Run("explode"));
        Assert.Equal(LoyaltyCommand.Usage, Run("validate"));
        Assert.Equal(LoyaltyCommand.Usage, Run("validate", Path.Combine(folder, "missing.json")));
        Assert.Equal(LoyaltyCommand.Usage, Run("replay", Program("p1-coffee.json"), "--members", "many"));
        Assert.Equal(LoyaltyCommand.Usage, Run("replay", Program("p1-coffee.json"), "--colour", "red"));
    }

    [Fact]
    public void WhatIf_OnAHistoryFile_PrintsTheTables_AndWritesTheChart()
    {
        Assert.Equal(LoyaltyCommand.Done, Run("sample-history", Program("p1-coffee.json"), "history.csv", "--members", "150", "--days", "120"));
        Assert.StartsWith(string.Join(',', HistoryCsv.Columns), System.IO.File.ReadLines(Path.Combine(folder, "history.csv")).First(), StringComparison.Ordinal);

        int code = Run("whatif", Program("p1-coffee.json"), Program("p1-coffee-candidate.json"), "history.csv");

        Assert.True(code == LoyaltyCommand.Done, Output);
        Assert.Contains("double-monday", Output, StringComparison.Ordinal);
        Assert.Contains("points issued", Output, StringComparison.Ordinal);
        Assert.Contains("member(s) change", Output, StringComparison.Ordinal);
        var png = System.IO.File.ReadAllBytes(Path.Combine(folder, "whatif-liability.png"));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png.Take(4).ToArray());
        Assert.True(png.Length > 10_000);
    }

    [Fact]
    public void Replay_WithoutAHistory_UsesTheGeneratedOne_AndWritesAChartWhenAsked()
    {
        Assert.Equal(LoyaltyCommand.Done, Run("replay", Program("p1-coffee.json"), "--members", "100", "--chart", "charts/replay.png"));

        Assert.Contains("generated sample history (100 members", Output, StringComparison.Ordinal);
        Assert.Contains("2026-12", Output, StringComparison.Ordinal);
        Assert.True(System.IO.File.Exists(Path.Combine(folder, "charts", "replay.png")));
    }

    [Fact]
    public void BadHistoryRows_AreReportedByLine_AndExitThree()
    {
        string header = string.Join(',', HistoryCsv.Columns);
        string csv = File("bad.csv", $"{header}\npurchase,T1,A,2026-03-03T15:00:00Z,,latte,coffee,1,4.50,,,,,,,\npurchase,T2,A,someday,,latte,coffee,1,4.50,,,,,,,\n");

        Assert.Equal(LoyaltyCommand.BadHistory, Run("replay", Program("p1-coffee.json"), csv));
        Assert.Contains("line 3, at:", Output, StringComparison.Ordinal);

        Assert.Equal(LoyaltyCommand.BadHistory, Run("replay", Program("p1-coffee.json"), csv, "--skip-bad-rows"));
        Assert.Contains("1 bad row(s) left out", Output, StringComparison.Ordinal);
        Assert.Contains("applied", Output, StringComparison.Ordinal); // the tables of the replay that ran without the bad row

        string late = File("late.csv", $"{header}\npurchase,T1,A,2026-03-03T15:00:00Z,,latte,coffee,1,4.50,,,,,,,\npurchase,T2,A,2026-03-01T15:00:00Z,,latte,coffee,1,4.50,,,,,,,\n");
        Assert.Equal(LoyaltyCommand.BadHistory, Run("replay", Program("p1-coffee.json"), late));
        Assert.Contains("time order", Output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        output.Dispose();
        Directory.Delete(folder, recursive: true);
    }
}
