using System.Reflection;
using Identity.Api.Connect;
using Matching.Hosting.Data;
using Matching.Hosting.Http;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Identity.Api;

/// <summary>
/// What the other services get from Matching.Hosting's service defaults, less the bus (the identity service sends
/// and receives no messages): logs, its own database with migrations, health, problem details and OpenAPI.
/// </summary>
public static class IdentityHost
{
    private const string ServiceName = "identity";

    public static WebApplicationBuilder AddIdentityHost(this WebApplicationBuilder builder, IdentitySettings settings)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;
        services.Configure<IdentitySettings>(configuration.GetSection(IdentitySettings.Section));
        services.AddSingleton(TimeProvider.System);

        services.AddSerilog((_, logger) =>
        {
            logger.ReadFrom.Configuration(configuration)
                .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
                // OpenIddict tells every request at Information; a refused one is worth a line, a routine one is not.
                .MinimumLevel.Override("OpenIddict", LogEventLevel.Warning)
                .Enrich.FromLogContext()
                .Enrich.WithProperty("Service", ServiceName);
            if (string.Equals(configuration["Logs:Format"], "json", StringComparison.OrdinalIgnoreCase))
                logger.WriteTo.Console(new RenderedCompactJsonFormatter());
            else
                logger.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Service} {Message:lj}{NewLine}{Exception}");
        });

        // Token requests and the sign-in form are small.
        services.Configure<KestrelServerOptions>(kestrel =>
            kestrel.Limits.MaxRequestBodySize = configuration.GetValue<long?>("Http:MaxRequestBodyBytes") ?? 64 * 1024);
        services.AddProblemDetails();
        services.AddOpenApi(options => options.AddHouseConventions());

        var provider = configuration.GetValue("Database:Provider", DatabaseProvider.Sqlite);
        var connectionString = configuration.GetConnectionString("Database")
            ?? (provider == DatabaseProvider.Sqlite
                ? $"Data Source={Path.Combine("data", ServiceName + ".db")}"
                : throw new InvalidOperationException("ConnectionStrings:Database is required for PostgreSQL"));
        services.AddSingleton(new Db(provider, connectionString));
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);

        // Cookies (the session, antiforgery) outlive a restart and work on every replica sharing the keys folder.
        services.AddDataProtection()
            .SetApplicationName("matching-identity")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(settings.KeysPath, "data-protection")));
        return builder;
    }

    /// <summary>Migrates the database, then the middleware in the order it must run, and the health and OpenAPI endpoints.</summary>
    public static WebApplication UseIdentityHost(this WebApplication app, Assembly migrationsAssembly)
    {
        Migrations.Run(app.Services.GetRequiredService<Db>(), migrationsAssembly, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Migrations"),
            Migrations.Patience(app.Configuration));

        app.UseSerilogRequestLogging();
        // A request the framework cannot read (a form without its antiforgery token, a body too large) gets its own
        // 4xx, in Development too, where minimal APIs throw for it instead of answering.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = exception => exception is Microsoft.AspNetCore.Http.BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        app.UseUnreadableFormsAsOAuthErrors();
        // OpenIddict answers its own endpoints (discovery, JWKS, errors) inside authentication; antiforgery needs to
        // know who is signed in; the rate limiter runs last so it sees the endpoint's policy.
        app.UseAuthentication();
        app.UseAntiforgery();
        app.UseRateLimiter();

        app.MapOpenApi();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        return app;
    }
}

/// <summary>Ready only while the database answers.</summary>
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
