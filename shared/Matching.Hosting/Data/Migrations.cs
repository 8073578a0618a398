using System.Reflection;
using DbUp;
using DbUp.Engine;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Matching.Hosting.Data;

/// <summary>
/// Runs numbered SQL scripts embedded under <c>Migrations/</c> with DbUp: the host's (the outbox's tables) and the service's.
/// A script under <c>Migrations/Sqlite/</c> or <c>Migrations/Postgres/</c> runs only on that database.
/// </summary>
public static class Migrations
{
    /// <summary>Any number, the same in every replica: the PostgreSQL advisory lock that lets one replica migrate at a time.</summary>
    private const long MigrationLock = 0x4d61746368696e67; // "Matching"

    public static void Run(Db db, Assembly serviceAssembly, ILogger logger)
    {
        if (db.Provider == DatabaseProvider.Sqlite)
        {
            using var connection = new SqliteConnection(db.ConnectionString);
            connection.Open();
            using var wal = connection.CreateCommand();
            // WAL: readers never block the writer.
            wal.CommandText = "pragma journal_mode=wal;";
            wal.ExecuteNonQuery();
        }
        else
        {
            try
            {
                EnsureDatabase.For.PostgresqlDatabase(db.ConnectionString);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
            {
                // Another replica starting at the same moment created it between the look and the create: it is there.
            }
        }

        // Replicas starting together would each run the same script; the second waits and then finds nothing to do.
        using var migrating = db.Provider == DatabaseProvider.Postgres ? new NpgsqlConnection(db.ConnectionString) : null;
        if (migrating is not null)
        {
            migrating.Open();
            using var wait = new NpgsqlCommand("select pg_advisory_lock(@Lock)", migrating);
            wait.Parameters.AddWithValue("Lock", MigrationLock);
            wait.CommandTimeout = 0;
            wait.ExecuteNonQuery();
        }

        var builder = db.Provider == DatabaseProvider.Sqlite
            ? DeployChanges.To.SqliteDatabase(db.ConnectionString)
            : DeployChanges.To.PostgresqlDatabase(db.ConnectionString);

        var result = builder
            .WithScriptsEmbeddedInAssembly(typeof(Migrations).Assembly, name => Applies(name, db.Provider))
            .WithScriptsEmbeddedInAssembly(serviceAssembly, name => Applies(name, db.Provider))
            .WithTransactionPerScript()
            .LogToNowhere()
            .Build()
            .PerformUpgrade();

        if (migrating is not null)
        {
            // The lock belongs to the session, which a pooled connection outlives: let go of it explicitly.
            using var release = new NpgsqlCommand("select pg_advisory_unlock(@Lock)", migrating);
            release.Parameters.AddWithValue("Lock", MigrationLock);
            release.ExecuteNonQuery();
        }

        if (!result.Successful) throw new InvalidOperationException($"Migration {result.ErrorScript?.Name} failed", result.Error);
        foreach (var script in result.Scripts) logger.LogInformation("Applied migration {Script}", script.Name);
    }

    private static bool Applies(string resourceName, DatabaseProvider provider)
    {
        if (!resourceName.Contains(".Migrations.", StringComparison.Ordinal) || !resourceName.EndsWith(".sql", StringComparison.Ordinal)) return false;
        var onlySqlite = resourceName.Contains(".Migrations.Sqlite.", StringComparison.Ordinal);
        var onlyPostgres = resourceName.Contains(".Migrations.Postgres.", StringComparison.Ordinal);
        return provider switch
        {
            DatabaseProvider.Sqlite => !onlyPostgres,
            _ => !onlySqlite,
        };
    }
}
