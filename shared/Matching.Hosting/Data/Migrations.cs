using System.Diagnostics;
using System.Reflection;
using DbUp;
using DbUp.Engine;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
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

    /// <summary>How long to wait for a PostgreSQL server that does not answer yet, unless told otherwise.</summary>
    public static readonly TimeSpan DefaultPatience = TimeSpan.FromMinutes(2);

    /// <summary>How long a service starting waits for its database: <c>Database:StartupPatienceSeconds</c>.</summary>
    public static TimeSpan Patience(IConfiguration configuration) =>
        TimeSpan.FromSeconds(configuration.GetValue("Database:StartupPatienceSeconds", DefaultPatience.TotalSeconds));

    /// <param name="patience">How long to wait for a PostgreSQL server that does not answer yet: one starting beside the
    /// service, or slow on a busy machine (<see cref="DefaultPatience"/> when not given).</param>
    public static void Run(Db db, Assembly serviceAssembly, ILogger logger, TimeSpan? patience = null)
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
            WhenReachable(() =>
            {
                try
                {
                    EnsureDatabase.For.PostgresqlDatabase(db.ConnectionString);
                }
                catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
                {
                    // Another replica starting at the same moment created it between the look and the create: it is there.
                }
            }, patience ?? DefaultPatience, logger);
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

    /// <summary>Tries <paramref name="connect"/> until it reaches the server, for as long as <paramref name="patience"/> allows;
    /// what is not a server out of reach (a wrong password, say) fails at once.</summary>
    private static void WhenReachable(Action connect, TimeSpan patience, ILogger logger)
    {
        var waiting = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                connect();
                return;
            }
            catch (NpgsqlException e) when (e.IsTransient && waiting.Elapsed < patience)
            {
                logger.LogWarning("The database does not answer yet ({Reason}); attempt {Attempt}, trying again", e.Message, attempt);
                Thread.Sleep(TimeSpan.FromSeconds(Math.Min(attempt, 5)));
            }
        }
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
