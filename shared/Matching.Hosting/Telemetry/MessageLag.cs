using System.Globalization;
using MassTransit;

namespace Matching.Hosting.Telemetry;

/// <summary>Records, for each message consumed, how long ago its publisher's outbox wrote it (<see cref="HostingMetrics.WrittenAtHeader"/>).</summary>
internal sealed class MessageLag(HostingMetrics metrics, TimeProvider clock) : IConsumeObserver
{
    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        if (context.Headers.Get<string>(HostingMetrics.WrittenAtHeader) is { } text
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var writtenAt))
            metrics.Consumed(typeof(T).Name, clock.GetUtcNow() - writtenAt);
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;
}
