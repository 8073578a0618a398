using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Matching.Hosting.Messaging;

/// <summary>Where the broker is: section <c>RabbitMq</c>.</summary>
public sealed class RabbitMqOptions
{
    public string Host { get; set; } = "localhost";
    public ushort Port { get; set; } = 5672;
    public string VirtualHost { get; set; } = "/";
    public string Username { get; set; } = "guest";
    public string Password { get; set; } = "guest";

    /// <summary>Quorum queues for a RabbitMQ cluster; classic durable queues otherwise.</summary>
    public bool QuorumQueues { get; set; }

    /// <summary>
    /// The nodes of a RabbitMQ cluster, each <c>host</c> or <c>host:port</c>: the service connects to the first that
    /// answers and moves to another when its node goes away. Empty: <see cref="Host"/> and <see cref="Port"/> alone.
    /// </summary>
    public string[] Nodes { get; set; } = [];
}

internal static class Bus
{
    /// <summary>
    /// MassTransit over RabbitMQ with kebab-case queues prefixed by the service name, durable topology, and retries for
    /// what may pass (never for an <see cref="InvalidMessageException"/>).
    /// </summary>
    public static IServiceCollection AddBus(this IServiceCollection services, IConfiguration configuration, string serviceName,
        Action<IBusRegistrationConfigurator>? configure)
    {
        var rabbit = configuration.GetSection("RabbitMq").Get<RabbitMqOptions>() ?? new RabbitMqOptions();
        services.AddSingleton(rabbit);
        services.AddSingleton<ReceiveQueues>();
        services.AddReceiveEndpointObserver(provider => provider.GetRequiredService<ReceiveQueues>());
        services.AddSingleton<ErrorQueues>();
        services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, includeNamespace: false));
            if (rabbit.QuorumQueues)
            {
                bus.AddConfigureEndpointsCallback((_, endpoint) =>
                {
                    if (endpoint is IRabbitMqReceiveEndpointConfigurator queue) queue.SetQuorumQueue();
                });
            }

            configure?.Invoke(bus);
            bus.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(rabbit.Host, rabbit.Port, rabbit.VirtualHost, host =>
                {
                    host.Username(rabbit.Username);
                    host.Password(rabbit.Password);
                    host.PublisherConfirmation = true;
                    if (rabbit.Nodes.Length > 0)
                        host.UseCluster(cluster =>
                        {
                            foreach (var node in rabbit.Nodes) cluster.Node(node);
                        });
                });
                cfg.ConfigureJsonSerializerOptions(MessageJson.Configure);
                cfg.UseConsumeFilter(typeof(CorrelationConsumeFilter<>), context);
                cfg.UseMessageRetry(retry =>
                {
                    retry.Exponential(5, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(200));
                    // Invalid content stays invalid: to the error queue at once, rather than holding the consumer for seconds.
                    retry.Ignore<InvalidMessageException>();
                });
                cfg.ConfigureEndpoints(context);
            });
        });
        return services;
    }
}
