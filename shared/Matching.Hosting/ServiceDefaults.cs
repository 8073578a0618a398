using System.Reflection;
using MassTransit;
using Matching.Hosting.Data;
using Matching.Hosting.Http;
using Matching.Hosting.Messaging;
using Matching.Vocabulary;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Serilog.Formatting.Compact;
using Serilog;

namespace Matching.Hosting;

/// <summary>What every service shares: logs, database, bus, outbox, health, OpenAPI and problem details.</summary>
public static class ServiceDefaults
{
    /// <param name="serviceName">Short name: the default database file and the queue-name prefix.</param>
    /// <param name="configureBus">Registers the service's consumers.</param>
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string serviceName,
        Action<IBusRegistrationConfigurator>? configureBus = null)
    {
        var configuration = builder.Configuration;

        builder.Services.AddSerilog((services, logger) =>
        {
            logger.ReadFrom.Configuration(configuration)
                .MinimumLevel.Override("Microsoft.AspNetCore", Serilog.Events.LogEventLevel.Warning)
                .MinimumLevel.Override("MassTransit", Serilog.Events.LogEventLevel.Warning)
                .Enrich.FromLogContext()
                .Enrich.WithProperty("Service", serviceName);
            if (string.Equals(configuration["Logs:Format"], "json", StringComparison.OrdinalIgnoreCase))
                logger.WriteTo.Console(new RenderedCompactJsonFormatter());
            else
                logger.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Service} {CorrelationId} {Message:lj}{NewLine}{Exception}");
        });

        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Limits.MaxRequestBodySize = configuration.GetValue<long?>("Http:MaxRequestBodyBytes") ?? 1024 * 1024);
        builder.Services.Configure<JsonOptions>(options => MessageJson.Configure(options.SerializerOptions));
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<BadRequestHandler>();
        builder.Services.AddOpenApi();

        var db = CreateDb(configuration, serviceName);
        builder.Services.AddSingleton(db);
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);

        builder.Services.AddBus(configuration, serviceName, configureBus);
        builder.Services.AddHostedService<OutboxRelay>();
        return builder;
    }

    /// <summary>Runs migrations, then the middleware every service shares and the health and OpenAPI endpoints.</summary>
    public static WebApplication UseServiceDefaults(this WebApplication app, Assembly migrationsAssembly)
    {
        Migrations.Run(app.Services.GetRequiredService<Db>(), migrationsAssembly, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Migrations"));

        app.UseMiddleware<CorrelationMiddleware>();
        app.UseSerilogRequestLogging();
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        app.MapOpenApi();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapErrorQueues();
        return app;
    }

    private static Db CreateDb(IConfiguration configuration, string serviceName)
    {
        var provider = configuration.GetValue("Database:Provider", DatabaseProvider.Sqlite);
        var connectionString = configuration.GetConnectionString("Database")
            ?? (provider == DatabaseProvider.Sqlite
                ? $"Data Source={Path.Combine("data", serviceName + ".db")}"
                : throw new InvalidOperationException("ConnectionStrings:Database is required for PostgreSQL"));
        return new Db(provider, connectionString);
    }
}

internal sealed class DatabaseHealthCheck(Db db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await db.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "select 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception)
        {
            return HealthCheckResult.Unhealthy("database unreachable", exception);
        }
    }
}
