using System.Reflection;
using MassTransit;
using Matching.Hosting.Data;
using Matching.Hosting.Http;
using Matching.Hosting.Messaging;
using Matching.Hosting.Outbox;
using Microsoft.AspNetCore.Builder;

namespace Matching.Hosting;

// Data and Messaging never use each other; Outbox/ joins them (UnitOfWork writes through it, its relay reads through Db onto the bus).

/// <summary>What every service shares: logs, HTTP, database, bus, outbox and inbox, health, OpenAPI and problem details.</summary>
public static class ServiceDefaults
{
    /// <param name="serviceName">Short name: the default database file and the queue-name prefix.</param>
    /// <param name="consumers">Registers the service's consumers.</param>
    /// <param name="publishes">Every message type the service publishes through <see cref="UnitOfWork.PublishAsync{T}"/>: its outbox takes these and no others.</param>
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string serviceName,
        Action<IBusRegistrationConfigurator> consumers, IEnumerable<Type> publishes)
    {
        var configuration = builder.Configuration;
        builder.Services
            .AddLogs(configuration, serviceName)
            .AddHttpDefaults(configuration)
            .AddDatabase(configuration, serviceName)
            .AddBus(configuration, serviceName, consumers)
            .AddOutbox(publishes);
        return builder;
    }

    /// <summary>Migrates the database, then adds the middleware, the health and OpenAPI endpoints and the error-queue and outbox admin.</summary>
    public static WebApplication UseServiceDefaults(this WebApplication app, Assembly migrationsAssembly)
    {
        app.MigrateDatabase(migrationsAssembly);
        app.UseHttpDefaults();
        app.MapHttpDefaults();
        app.MapErrorQueues();
        app.MapOutbox();
        return app;
    }
}
