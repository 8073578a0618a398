using System.Diagnostics;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Load.Scenarios;

/// <summary>
/// The broker's own limit on this machine, the baseline for ingestion: raw RabbitMQ.Client publishes persistent messages
/// of the size of a seat-change event, with publisher confirms, to a durable queue of its own, while a consumer on
/// another connection takes and acknowledges them. The rate is from the first publish to the last acknowledgement.
/// The queue is deleted afterwards.
/// </summary>
public static class BrokerBaseline
{
    /// <summary>About the size of a CourseSeatsChanged event in MassTransit's envelope.</summary>
    private const int MessageBytes = 1_500;

    /// <summary>Publishes awaiting their confirm at once: the publisher streams, not one round trip per message.</summary>
    private const int InFlight = 256;

    public static async Task<(double PerSecond, TimeSpan Span)> RunAsync(Uri broker, int messages)
    {
        var factory = new ConnectionFactory { Uri = broker };
        await using var publishing = await factory.CreateConnectionAsync("load-baseline-publisher");
        await using var consuming = await factory.CreateConnectionAsync("load-baseline-consumer");
        await using var publisher = await publishing.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        await using var consumer = await consuming.CreateChannelAsync();
        var queue = $"load-baseline-{Guid.NewGuid():N}";
        await publisher.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        try
        {
            var received = 0;
            var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await consumer.BasicQosAsync(0, 500, false);
            var taking = new AsyncEventingBasicConsumer(consumer);
            taking.ReceivedAsync += async (_, delivery) =>
            {
                await consumer.BasicAckAsync(delivery.DeliveryTag, multiple: false);
                if (Interlocked.Increment(ref received) == messages) all.TrySetResult();
            };
            await consumer.BasicConsumeAsync(queue, autoAck: false, taking);

            var body = new byte[MessageBytes];
            Random.Shared.NextBytes(body);
            var properties = new BasicProperties { Persistent = true, ContentType = "application/vnd.masstransit+json" };
            var start = Stopwatch.GetTimestamp();
            var pending = new Queue<Task>();
            for (var i = 0; i < messages; i++)
            {
                if (pending.Count >= InFlight) await pending.Dequeue();
                pending.Enqueue(publisher.BasicPublishAsync("", queue, mandatory: true, properties, body).AsTask());
            }
            await Task.WhenAll(pending);
            await all.Task.WaitAsync(TimeSpan.FromMinutes(5));
            var span = Stopwatch.GetElapsedTime(start);
            return (messages / span.TotalSeconds, span);
        }
        finally
        {
            await publisher.QueueDeleteAsync(queue);
        }
    }
}
