using ScottPlot;

namespace Load;

/// <summary>The PNG each scenario leaves in docs/benchmarks/ (ScottPlot, drawn headless by its own Skia).</summary>
public static class Plots
{
    /// <summary>Latency by percentile, the way HDR histograms are read: the x axis stretches toward the tail
    /// (x = log10(1 / (1 − p)), labelled 50 %, 90 %, 99 %, 99.9 %).</summary>
    public static string Percentiles(string path, string title, IEnumerable<Latencies> series, double? goalMs = null)
    {
        var plot = new Plot();
        foreach (var latencies in series.Where(l => l.Count > 0))
        {
            var steps = latencies.Distribution().Where(step => step.Percentile < 100).ToList();
            var line = plot.Add.ScatterLine(steps.Select(s => Tail(s.Percentile)).ToArray(), steps.Select(s => s.Ms).ToArray());
            line.LegendText = latencies.Name;
            line.LineWidth = 2;
        }
        if (goalMs is { } goal)
        {
            var line = plot.Add.HorizontalLine(goal);
            line.LinePattern = LinePattern.Dashed;
            line.LegendText = $"goal {goal} ms";
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [0, 1, 2, 3, 4], ["0 %", "90 %", "99 %", "99.9 %", "99.99 %"]);
        plot.Axes.SetLimitsX(0, 3.5);
        plot.Axes.Margins(bottom: 0);
        plot.XLabel("percentile");
        plot.YLabel("latency (ms)");
        return Save(plot, path, title);
    }

    /// <summary>Bars of throughput, e.g. the system beside the broker's raw limit.</summary>
    public static string Bars(string path, string title, string unit, IReadOnlyList<(string Name, double Value)> bars)
    {
        var plot = new Plot();
        var added = plot.Add.Bars(bars.Select(bar => bar.Value).ToArray());
        foreach (var (bar, i) in added.Bars.Select((bar, i) => (bar, i))) bar.Label = bars[i].Value.ToString("N0");
        added.ValueLabelStyle.FontSize = 14;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, bars.Count).Select(i => (double)i).ToArray(), bars.Select(bar => bar.Name).ToArray());
        plot.Axes.Margins(bottom: 0, top: 0.2);
        plot.YLabel(unit);
        return Save(plot, path, title);
    }

    /// <summary>Lines through points, e.g. p99 against the rate offered.</summary>
    public static string Lines(string path, string title, string xLabel, string yLabel,
        IEnumerable<(string Name, double[] X, double[] Y)> series, double? goal = null)
    {
        var plot = new Plot();
        foreach (var (name, x, y) in series)
        {
            var line = plot.Add.Scatter(x, y);
            line.LegendText = name;
            line.LineWidth = 2;
        }
        if (goal is { } value)
        {
            var line = plot.Add.HorizontalLine(value);
            line.LinePattern = LinePattern.Dashed;
            line.LegendText = $"goal {value}";
        }
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return Save(plot, path, title);
    }

    private static double Tail(double percentile) => Math.Log10(100 / (100 - percentile));

    private static string Save(Plot plot, string path, string title)
    {
        plot.Title(title);
        plot.ShowLegend(Alignment.UpperLeft);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        plot.SavePng(path, 900, 540);
        return path;
    }
}
