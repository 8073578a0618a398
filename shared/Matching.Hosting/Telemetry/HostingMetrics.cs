using System.Diagnostics.Metrics;

namespace Matching.Hosting.Telemetry;

/// <summary>
/// What every service reports beside HTTP (ASP.NET Core's meters) and the bus (MassTransit's meter: consumes and
/// faults per message type): its outbox, its inbox, its error queues, and how long a message took from the outbox
/// that wrote it to the consumer here.
/// </summary>
public sealed class HostingMetrics
{
    public const string MeterName = "Matching.Hosting";

    /// <summary>The header the relay puts on each message: when the publisher's transaction wrote it into the outbox.</summary>
    public const string WrittenAtHeader = "Matching-Written-At";

    private readonly Histogram<double> lag;
    private OutboxSample outbox = new(0, null, 0);
    private long inboxSize;
    private IReadOnlyDictionary<string, uint> errorQueues = new Dictionary<string, uint>();

    public HostingMetrics(IMeterFactory meters, TimeProvider clock)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("matching.outbox.backlog", () => outbox.Backlog, "{message}",
            "Outbox rows waiting for the relay (parked ones not counted)");
        meter.CreateObservableGauge("matching.outbox.oldest_unsent_age", () => OldestUnsentAge(clock), "s",
            "How long the oldest row waiting for the relay has waited; 0 when none waits");
        meter.CreateObservableGauge("matching.outbox.parked", () => outbox.Parked, "{message}",
            "Outbox rows the relay parked because they can never be published");
        meter.CreateObservableGauge("matching.inbox.size", () => inboxSize, "{message}",
            "Messages the consumers remember having handled (kept a week)");
        meter.CreateObservableGauge("matching.error_queue.depth",
            () => errorQueues.Select(queue => new Measurement<long>(queue.Value, new KeyValuePair<string, object?>("queue", queue.Key))),
            "{message}", "Messages in each of the service's error queues");
        lag = meter.CreateHistogram("matching.message.lag", "s",
            "From the publisher's outbox write to the end of consuming here (for Matching's projections: the projection lag)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] });
    }

    internal void Sampled(OutboxSample sample, long inbox)
    {
        outbox = sample;
        inboxSize = inbox;
    }

    internal void Sampled(IReadOnlyDictionary<string, uint> errors) => errorQueues = errors;

    internal void Consumed(string messageType, TimeSpan sinceWritten) =>
        lag.Record(Math.Max(0, sinceWritten.TotalSeconds), new KeyValuePair<string, object?>("message_type", messageType));

    private double OldestUnsentAge(TimeProvider clock) =>
        outbox.OldestCreatedAt is { } oldest ? Math.Max(0, (clock.GetUtcNow() - oldest).TotalSeconds) : 0;
}

internal sealed record OutboxSample(long Backlog, DateTimeOffset? OldestCreatedAt, long Parked);
