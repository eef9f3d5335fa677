using System;
using System.Globalization;
using System.Linq;

namespace Loyalty.Rules.Tool;

/// <summary>The chart of outstanding liability at each month's end, one line per program (ScottPlot, PNG).</summary>
internal static class Chart
{
    public static void Write(string path, string currency, params (string Name, ReplayReport Report)[] lines)
    {
        var plot = new ScottPlot.Plot();
        var months = lines.SelectMany(l => l.Report.Months.Select(m => m.Month)).Distinct().Order().ToArray();
        foreach (var (name, report) in lines)
        {
            var xs = report.Months.Select(m => (double)Array.IndexOf(months, m.Month)).ToArray();
            var ys = report.Months.Select(m => (double)m.Liability.Amount).ToArray();
            var line = plot.Add.Scatter(xs, ys);
            line.LegendText = name;
            line.LineWidth = 2;
        }

        int every = Math.Max(1, (months.Length + 11) / 12); // at most about twelve labels
        var ticks = Enumerable.Range(0, months.Length).Where(i => i % every == 0).ToArray();
        if (ticks.Length > 0)
        {
            plot.Axes.Bottom.SetTicks([.. ticks.Select(i => (double)i)], [.. ticks.Select(i => months[i].ToString("yyyy-MM", CultureInfo.InvariantCulture))]);
        }

        plot.Title($"Outstanding liability at month end ({currency})");
        plot.XLabel("month (the liability at its end)");
        plot.YLabel(currency);
        plot.ShowLegend(ScottPlot.Alignment.UpperLeft);
        string? folder = System.IO.Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(folder))
        {
            System.IO.Directory.CreateDirectory(folder);
        }

        plot.SavePng(path, 1000, 500);
    }
}
