using System.Diagnostics;
using HdrHistogram;

namespace Load;

/// <summary>
/// Latencies of one kind of request in an HDR histogram, in microseconds from 1 µs to an hour at three significant
/// digits, with how many failed and over what span they were sent: enough for p50/p90/p99/max and the throughput.
/// Safe to record into from many requests at once.
/// </summary>
public sealed class Latencies(string name)
{
    private readonly LongConcurrentHistogram histogram = new(1, 3_600_000_000, 3);
    private long failed;

    public string Name => name;

    public long Count => histogram.TotalCount;

    public long Failed => Interlocked.Read(ref failed);

    /// <summary>From the first request sent to the last answered, as the caller says.</summary>
    public TimeSpan Span { get; set; }

    public double PerSecond => Span > TimeSpan.Zero ? Count / Span.TotalSeconds : 0;

    /// <summary>Records the time from <paramref name="since"/> (a <see cref="Stopwatch"/> timestamp) until now.</summary>
    public void RecordSince(long since) => Record(Stopwatch.GetElapsedTime(since));

    public void Record(TimeSpan latency) => histogram.RecordValue(Math.Max(1, (long)(latency.Ticks / 10.0)));

    public void Fail() => Interlocked.Increment(ref failed);

    /// <summary>The latency at a percentile (0–100), in milliseconds.</summary>
    public double Ms(double percentile) => Count == 0 ? double.NaN : histogram.GetValueAtPercentile(percentile) / 1000.0;

    public double MaxMs => Count == 0 ? double.NaN : histogram.GetMaxValue() / 1000.0;

    /// <summary>The percentile distribution: each step's percentile and latency in ms, for plotting.</summary>
    public IReadOnlyList<(double Percentile, double Ms)> Distribution() =>
        Count == 0 ? [] : histogram.Percentiles(5).Select(step => (step.Percentile, step.ValueIteratedTo / 1000.0)).ToList();

    /// <summary>One line: count, p50/p90/p99/max, throughput.</summary>
    public override string ToString() =>
        $"{name}: {Count:N0} ok{(Failed > 0 ? $", {Failed:N0} failed" : "")}; p50 {Ms(50):N1} ms, p90 {Ms(90):N1} ms, p99 {Ms(99):N1} ms, " +
        $"max {MaxMs:N1} ms; {PerSecond:N0}/s over {Span.TotalSeconds:N1} s";

    /// <summary>One row of a Markdown table: name, count, failed, p50, p90, p99, max, throughput.</summary>
    public string Row() =>
        $"| {name} | {Count:N0} | {Failed:N0} | {Ms(50):N1} | {Ms(90):N1} | {Ms(99):N1} | {MaxMs:N1} | {PerSecond:N0} |";

    public const string Header = "| | ok | failed | p50 ms | p90 ms | p99 ms | max ms | per s |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |";
}
