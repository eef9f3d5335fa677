using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Loyalty.Rules.Benchmarks;

/// <summary>
/// Runs every benchmark and the two whole-run measurements, then rewrites the results part of benchmarks/README.md
/// (between its markers): <c>dotnet run -c Release --project benchmarks/Loyalty.Rules.Benchmarks -- --readme</c>.
/// </summary>
public static class ReadmeReport
{
    private const string Start = "<!-- results:start -->";
    private const string End = "<!-- results:end -->";

    public static int Run(string readmePath)
    {
        if (!File.Exists(readmePath) || !File.ReadAllText(readmePath).Contains(Start, StringComparison.Ordinal))
        {
            Console.Error.WriteLine($"{readmePath} is missing or has no results markers.");
            return 1;
        }

        var config = DefaultConfig.Instance.AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(10));
        var p1 = BenchmarkRunner.Run<P1Benchmarks>(config);
        var scaling = BenchmarkRunner.Run<ScalingBenchmarks>(config);
        var basket = BenchmarkRunner.Run<BasketBenchmarks>(config);
        var throughput = BenchmarkRunner.Run<ThroughputBenchmarks>(config);
        var ledger = BenchmarkRunner.Run<LedgerBenchmarks>(config);
        var fraud = BenchmarkRunner.Run<FraudBenchmarks>(config);
        var offers = BenchmarkRunner.Run<OfferBenchmarks>(config);
        var definitions = BenchmarkRunner.Run<DefinitionBenchmarks>(config);
        string year = Capture(() => YearSimulation.Run(oneByOne: false));
        string million = Capture(LedgerBenchmarks.ExpireOneMillionAccounts);

        var text = new StringBuilder();
        text.AppendLine(Start);
        text.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd} on {Cpu()}, {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, BenchmarkDotNet 0.15.8, 3 warm-up and 10 measured iterations. Figures are per operation; read them as ratios (absolute times on this shared virtual machine move by up to 15% between runs).");
        text.AppendLine();
        text.AppendLine("### P1 on W1 (per transaction)");
        text.AppendLine();
        double tuned = Mean(p1, "HandTuned"), library = Mean(p1, "LibraryTotal"), peer = Mean(p1, "RulesEngine"), coded = Mean(p1, "HandCoded");
        Table(text, p1, r => Ratio(r.ResultStatistics!.Mean / tuned), "Ratio to hand-tuned");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Library total path / hand-tuned: **{Ratio(library / tuned)}** (target at most 2.00); library / direct hand-coded decimal P1: **{Ratio(library / coded)}** (target below 1.00); RulesEngine / library: **{Ratio(peer / library)}**.");
        text.AppendLine();
        text.AppendLine("### Scaling with the program (P1 + N campaign rules, few of which apply; total path)");
        text.AppendLine();
        double ten = Mean(scaling, "EvaluateW1", "10");
        Table(text, scaling, r => Ratio(r.ResultStatistics!.Mean / ten), "Ratio to 10 rules");
        text.AppendLine();
        text.AppendLine("### Scaling with the basket (P1, lines per transaction)");
        text.AppendLine();
        double one = Mean(basket, "EvaluateBaskets", "1");
        Table(text, basket, r => Ratio(r.ResultStatistics!.Mean / one), "Ratio to 1 line");
        text.AppendLine();
        text.AppendLine("### Throughput (P1 over W1 with the batch API)");
        text.AppendLine();
        Table(text, throughput, r => string.Create(CultureInfo.InvariantCulture, $"{1e9 / r.ResultStatistics!.Mean:N0} transactions/s"), "Throughput");
        text.AppendLine();
        text.AppendLine("### The ledger");
        text.AppendLine();
        Table(text, ledger, _ => "", "");
        text.AppendLine();
        Table(text, fraud, r => Ratio(r.ResultStatistics!.Mean / Mean(fraud, "WithoutChecks")), "Ratio to no checks");
        text.AppendLine();
        Table(text, offers, r => Ratio(r.ResultStatistics!.Mean / Mean(offers, "Plain")), "Ratio to no budget");
        text.AppendLine();
        text.AppendLine("### Program definitions");
        text.AppendLine();
        Table(text, definitions, _ => "", "");
        text.AppendLine();
        text.AppendLine("### Whole runs");
        text.AppendLine();
        text.AppendLine("`--simulate-year`:");
        text.AppendLine();
        text.AppendLine("```");
        text.AppendLine(year.Trim());
        text.AppendLine("```");
        text.AppendLine();
        text.AppendLine("`--expire-million`:");
        text.AppendLine();
        text.AppendLine("```");
        text.AppendLine(million.Trim());
        text.AppendLine("```");
        text.Append(End);

        string readme = File.ReadAllText(readmePath);
        int start = readme.IndexOf(Start, StringComparison.Ordinal), end = readme.IndexOf(End, StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            Console.Error.WriteLine($"{readmePath} has no results markers.");
            return 1;
        }

        File.WriteAllText(readmePath, readme[..start] + text + readme[(end + End.Length)..]);
        Console.WriteLine($"Wrote the results into {readmePath}.");
        return 0;
    }

    private static void Table(StringBuilder text, Summary summary, Func<BenchmarkReport, string> extra, string extraHeader)
    {
        bool hasExtra = extraHeader.Length > 0;
        text.AppendLine(CultureInfo.InvariantCulture, $"| Benchmark | Mean | StdDev | Allocated |{(hasExtra ? $" {extraHeader} |" : "")}");
        text.AppendLine(CultureInfo.InvariantCulture, $"|---|---:|---:|---:|{(hasExtra ? "---:|" : "")}");
        foreach (var report in summary.Reports.Where(r => r.ResultStatistics is not null))
        {
            var stats = report.ResultStatistics!;
            string name = report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo + (report.BenchmarkCase.HasParameters ? $" ({report.BenchmarkCase.Parameters.DisplayInfo})" : "");
            long bytes = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {Time(stats.Mean)} | {Time(stats.StandardDeviation)} | {Bytes(bytes)} |{(hasExtra ? $" {extra(report)} |" : "")}");
        }
    }

    private static double Mean(Summary summary, string method, string? parameter = null)
        => summary.Reports.First(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method
                                      && (parameter is null || r.BenchmarkCase.Parameters.Items.Any(p => Convert.ToString(p.Value, CultureInfo.InvariantCulture) == parameter)))
            .ResultStatistics!.Mean;

    private static string Ratio(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Time(double ns) => ns switch
    {
        >= 1e6 => (ns / 1e6).ToString("N2", CultureInfo.InvariantCulture) + " ms",
        >= 1e3 => (ns / 1e3).ToString("N2", CultureInfo.InvariantCulture) + " us",
        _ => ns.ToString("N1", CultureInfo.InvariantCulture) + " ns",
    };

    private static string Bytes(long bytes) => bytes switch
    {
        0 => "0 B",
        >= 1_000_000 => (bytes / 1e6).ToString("N2", CultureInfo.InvariantCulture) + " MB",
        >= 1_000 => (bytes / 1e3).ToString("N2", CultureInfo.InvariantCulture) + " KB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " B",
    };

    private static string Capture(Action action)
    {
        var original = Console.Out;
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Console.SetOut(writer);
        try
        {
            action();
        }
        finally
        {
            Console.SetOut(original);
        }

        return writer.ToString();
    }

    private static string Cpu()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }
}
