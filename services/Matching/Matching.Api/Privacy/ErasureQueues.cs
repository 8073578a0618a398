using Matching.Contracts;
using Matching.Hosting.Messaging;
using MassTransit;

namespace Matching.Api.Privacy;

/// <summary>
/// Binds <see cref="ErasePlacements"/> to the queue of each service that erases its part, the first time it is published,
/// so that an erasure sent before Courses or Employers first ran on the broker is not dropped (see <c>CommandQueues</c>
/// in Placements for the same care with the placements' commands). The queue names are those of the
/// <c>ErasePlacementsConsumer</c> of each service, as MassTransit's kebab-case formatter names them.
/// </summary>
public sealed class ErasureQueues(RabbitMqOptions rabbit) : IBusObserver
{
    public void PostCreate(IBus bus)
    {
        if (bus.Topology.PublishTopology is not IRabbitMqPublishTopologyConfigurator publish) return;
        var topology = publish.GetMessageTopology<ErasePlacements>();
        foreach (var queue in new[] { "courses-erase-placements", "employers-erase-placements" })
        {
            topology.BindQueue(topology.Exchange.ExchangeName, queue, binding =>
            {
                if (rabbit.QuorumQueues) binding.SetQuorumQueue();
            });
        }
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
