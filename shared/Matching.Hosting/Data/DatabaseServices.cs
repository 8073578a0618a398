using System.Reflection;
using Matching.Hosting.Outbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Matching.Hosting.Data;

internal static class DatabaseServices
{
    /// <summary>
    /// The service's own database, from <c>Database:Provider</c> and <c>ConnectionStrings:Database</c>
    /// (a SQLite file named after the service by default), and a readiness check on it.
    /// </summary>
    public static IServiceCollection AddDatabase(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        services.AddSingleton(provider =>
        {
            var database = configuration.GetValue("Database:Provider", DatabaseProvider.Sqlite);
            var connectionString = configuration.GetConnectionString("Database")
                ?? (database == DatabaseProvider.Sqlite
                    ? $"Data Source={Path.Combine("data", serviceName + ".db")}"
                    : throw new InvalidOperationException("ConnectionStrings:Database is required for PostgreSQL"));
            return new Db(database, connectionString, provider.GetRequiredService<OutboxWriter>());
        });
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        return services;
    }

    /// <summary>Brings the database up to the latest migration before the service takes any request.</summary>
    public static WebApplication MigrateDatabase(this WebApplication app, Assembly migrationsAssembly)
    {
        Migrations.Run(app.Services.GetRequiredService<Db>(), migrationsAssembly,
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Migrations"),
            Migrations.Patience(app.Configuration));
        return app;
    }
}
