using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Matching.Hosting;

internal static class Shutdown
{
    /// <summary>
    /// On SIGTERM the host stops its parts one after the other, each within <c>Shutdown:TimeoutSeconds</c> together
    /// (30 by default): the server stops taking requests and lets those under way finish, the outbox relay sends what
    /// they wrote, and the bus lets the consumers under way finish. Set the orchestrator's grace period above it.
    /// </summary>
    public static IServiceCollection AddShutdown(this IServiceCollection services, IConfiguration configuration)
    {
        var timeout = TimeSpan.FromSeconds(configuration.GetValue("Shutdown:TimeoutSeconds", 30.0));
        services.Configure<HostOptions>(host => host.ShutdownTimeout = timeout);
        return services;
    }
}
