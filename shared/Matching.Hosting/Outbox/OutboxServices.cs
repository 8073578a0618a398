using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Matching.Hosting.Outbox;

internal static class OutboxServices
{
    /// <summary>The outbox of a service that publishes <paramref name="messageTypes"/> and nothing else, and its relay.</summary>
    public static IServiceCollection AddOutbox(this IServiceCollection services, IEnumerable<Type> messageTypes)
    {
        var relayed = new OutboxMessageTypes(messageTypes);
        services.AddSingleton(relayed);
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton(provider => new OutboxWriter(relayed, provider.GetRequiredService<OutboxSignal>()));
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<OutboxRelay>();
        return services;
    }
}
