using System.Diagnostics.Metrics;
using Matching.Engine;

namespace Matching.Api.Telemetry;

/// <summary>
/// What only the Matching service reports, beside what every service does (HTTP, including the <c>/matches</c> latency
/// histogram by route; the bus; the outbox; projection lag as the message lag of the projection events): the size of
/// this replica's in-memory index, the placements by state, and how long cohort allocations take.
/// </summary>
public sealed class MatchingMetrics
{
    public const string MeterName = "Matching.Api";

    private readonly Histogram<double> allocations;
    private IReadOnlyList<PlacementCount> placements = [];

    public MatchingMetrics(IMeterFactory meters, Catalog catalog)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("matching.index.size", () => new[]
            {
                new Measurement<int>(catalog.CourseCount, new KeyValuePair<string, object?>("kind", "course")),
                new Measurement<int>(catalog.OpeningCount, new KeyValuePair<string, object?>("kind", "opening")),
                new Measurement<int>(catalog.AgreementCount, new KeyValuePair<string, object?>("kind", "agreement")),
            },
            "{entry}", "Courses, openings and agreements in this replica's in-memory index");
        meter.CreateObservableGauge("matching.placements",
            () => placements.Select(each => new Measurement<long>(each.Count, new KeyValuePair<string, object?>("state", each.State))),
            "{placement}", "Placements by state, as stored (shared by the replicas)");
        allocations = meter.CreateHistogram("matching.allocation.duration", "s",
            "How long a cohort allocation took, waiting for a turn included, by whether its answer was proven optimal",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60] });
    }

    public void Allocated(TimeSpan took, bool optimal) =>
        allocations.Record(took.TotalSeconds, new KeyValuePair<string, object?>("optimal", optimal));

    internal void Sampled(IReadOnlyList<PlacementCount> counts) => placements = counts;
}

internal sealed class PlacementCount
{
    public string State { get; init; } = "";
    public long Count { get; init; }
}
