namespace Load;

/// <summary>What a scenario found: its lines in Markdown (figures, the load average with each), and the plot it drew.</summary>
public sealed class Report(string scenario)
{
    private readonly List<string> lines = [];

    public string Scenario => scenario;

    public IReadOnlyList<string> Lines => lines;

    /// <summary>Every measurement taken, by name, for the smoke test to check and the plot to draw.</summary>
    public Dictionary<string, Latencies> Measured { get; } = [];

    /// <summary>Plain figures by name (rates, counts, seconds).</summary>
    public Dictionary<string, double> Figures { get; } = [];

    public string? Plot { get; set; }

    public void Line(string line)
    {
        lines.Add(line);
        Console.WriteLine(line);
    }

    /// <summary>Keeps and prints a measurement, with the load average as it ended.</summary>
    public Latencies Add(Latencies latencies)
    {
        Measured[latencies.Name] = latencies;
        Line($"- {latencies} (load average {Machine.LoadAverage})");
        return latencies;
    }

    public void Table(params Latencies[] rows)
    {
        Line(Latencies.Header);
        foreach (var row in rows) Line(row.Row());
    }

    public double Figure(string name, double value, string line)
    {
        Figures[name] = value;
        Line($"- {line} (load average {Machine.LoadAverage})");
        return value;
    }
}
