using System.Reflection;
using MassTransit;
using Matching.Hosting.Data;
using Matching.Hosting.Http;
using Matching.Hosting.Messaging;
using Matching.Hosting.Outbox;
using Matching.Hosting.Security;
using Matching.Hosting.Telemetry;
using Microsoft.AspNetCore.Builder;

namespace Matching.Hosting;

// Data and Messaging never use each other; Outbox/ joins them (UnitOfWork writes through it, its relay reads through Db onto the bus).

/// <summary>What every service shares: logs, traces and metrics, HTTP, sign-in and roles, database, bus, outbox and inbox, health,
/// OpenAPI and problem details, and a graceful shutdown.</summary>
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
            .AddAccess(configuration)
            .AddDatabase(configuration, serviceName)
            .AddBus(configuration, serviceName, consumers)
            .AddOutbox(publishes)
            .AddTelemetry(configuration, serviceName)
            .AddShutdown(configuration);
        return builder;
    }

    /// <summary>Migrates the database, then adds the middleware (who is asking, first of all), the health, metrics and OpenAPI
    /// endpoints, and the admin endpoints (error queues, outbox, audit log) for the admin role.</summary>
    public static WebApplication UseServiceDefaults(this WebApplication app, Assembly migrationsAssembly)
    {
        app.MigrateDatabase(migrationsAssembly);
        app.UseHttpDefaults();
        app.UseAccess();
        app.MapHttpDefaults();
        app.MapMetrics();
        var admin = app.MapGroup("").RequireRoles(Roles.Admin)
            .WithMetadata(new TagDescription("Admin", "Operations: the error queues, the outbox and the audit log"));
        admin.MapErrorQueues();
        admin.MapOutbox();
        admin.MapAudit();
        return app;
    }
}
