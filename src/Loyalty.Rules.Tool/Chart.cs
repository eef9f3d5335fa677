using System;
using System.Linq;
using NodaTime;

namespace Loyalty.Rules.Tool;

/// <summary>The chart of outstanding liability at each month's end, one line per program (ScottPlot, PNG).</summary>
internal static class Chart
{
    public static void Write(string path, string currency, params (string Name, ReplayReport Report)[] lines)
    {
        var plot = new ScottPlot.Plot();
        foreach (var (name, report) in lines)
        {
            var ends = report.Months.Select(m => m.Month.PlusMonths(1).OnDayOfMonth(1).ToDateTimeUnspecified()).ToArray();
            var values = report.Months.Select(m => (double)m.Liability.Amount).ToArray();
            var line = plot.Add.Scatter(ends, values);
            line.LegendText = name;
            line.LineWidth = 2;
        }

        plot.Axes.DateTimeTicksBottom();
        plot.Title($"Outstanding liability at month end ({currency})");
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
