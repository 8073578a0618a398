using MassTransit;

namespace Matching.Testing;

/// <summary>Counts every delivery of one message id to a bus's consumers; the test harness's own lists keep one entry per
/// message id, so they cannot show a redelivery.</summary>
public sealed class Deliveries(Guid messageId) : IConsumeObserver
{
    private int count;

    public int Count => Volatile.Read(ref count);

    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        if (context.MessageId == messageId) Interlocked.Increment(ref count);
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;
}
