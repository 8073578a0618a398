using Matching.Contracts;
using Matching.Hosting.Messaging;
using MassTransit;

namespace Matching.Api.Placements;

/// <summary>
/// Binds each command of a placement to the durable queue its service consumes it from, as part of the command's publish
/// topology: the first time the outbox relay publishes a command, the queue is declared and bound before the command goes
/// out. RabbitMQ drops a message published to an exchange without queues, and confirms it all the same; without this, a
/// command sent before Courses or Employers first ran on the broker (a new virtual host, a broker reset) would be lost and
/// its placement would wait for an answer until <see cref="PlacementOptions.RequestTimeout"/>. Courses and Employers declare
/// the same queues, with the same settings, when they start, and bind them through exchanges of their own; RabbitMQ puts
/// a message into a queue once however many bindings lead there.
/// </summary>
/// <remarks>
/// The queue names are the receive endpoints of the consumers in Courses (<c>Reservations/</c>, <c>Privacy/</c>) and
/// Employers (<c>Positions/</c>, <c>Privacy/</c>), named by MassTransit's kebab-case formatter with the service's prefix; renaming one of those
/// consumers renames its queue, and this list must follow. The bus factory is configured in Hosting, so the binding is
/// added to the publish topology once the bus exists and before anything can publish on it.
/// </remarks>
public sealed class CommandQueues(RabbitMqOptions rabbit, ILogger<CommandQueues> logger) : IBusObserver
{
    public void PostCreate(IBus bus)
    {
        // Any other transport (the tests' in-memory bus) has no such topology to add to.
        if (bus.Topology.PublishTopology is not IRabbitMqPublishTopologyConfigurator publish) return;

        Bind<ReserveSeat>(publish, "courses-seat-reservation");
        Bind<ReleaseSeat>(publish, "courses-seat-release");
        Bind<HoldPosition>(publish, "employers-position-reservation");
        Bind<ReleasePosition>(publish, "employers-position-release");
        // An erasure asks both services for their part.
        Bind<ErasePlacements>(publish, "courses-erase-placements");
        Bind<ErasePlacements>(publish, "employers-erase-placements");
    }

    /// <summary>Binds <paramref name="queue"/> to the exchange <typeparamref name="TCommand"/> is published to.</summary>
    private void Bind<TCommand>(IRabbitMqPublishTopologyConfigurator publish, string queue) where TCommand : class
    {
        var topology = publish.GetMessageTopology<TCommand>();
        topology.BindQueue(topology.Exchange.ExchangeName, queue, binding =>
        {
            // As the receiving service declares it (Hosting's bus): RabbitMQ refuses a queue declared again with other settings.
            if (rabbit.QuorumQueues) binding.SetQuorumQueue();
        });
        logger.LogDebug("{Command} is published into queue {Queue}", typeof(TCommand).Name, queue);
    }

    public void CreateFaulted(Exception exception)
    {
    }

    public Task PreStart(IBus bus) => Task.CompletedTask;

    public Task PostStart(IBus bus, Task<BusReady> busReady) => Task.CompletedTask;

    public Task StartFaulted(IBus bus, Exception exception) => Task.CompletedTask;

    public Task PreStop(IBus bus) => Task.CompletedTask;

    public Task PostStop(IBus bus) => Task.CompletedTask;

    public Task StopFaulted(IBus bus, Exception exception) => Task.CompletedTask;
}
