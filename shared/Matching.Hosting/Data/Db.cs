using System.Data.Common;
using Matching.Hosting.Outbox;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Matching.Hosting.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Opens connections to the service's own database (SQLite by default, PostgreSQL when configured).</summary>
/// <remarks>
/// A SQLite file lets one writer in at a time, and Microsoft.Data.Sqlite makes a writer that finds the file locked sleep
/// 150 ms before it tries again: under load most of a change's time went on such sleeps while the cores stood idle.
/// So the writers of one process take turns here first, in the order they came, and SQLite's lock is always free
/// when a turn begins. A SQLite file belongs to one process; PostgreSQL has its own row locks and needs no turns.
/// </remarks>
public sealed class Db
{
    private readonly OutboxWriter outbox;
    private readonly SemaphoreSlim? writers;

    /// <summary>For tests and tools: what is published through it wakes no relay and waits in the outbox table for a relay's next poll.</summary>
    public Db(DatabaseProvider provider, string connectionString)
        : this(provider, connectionString, OutboxWriter.Unrelayed)
    {
    }

    internal Db(DatabaseProvider provider, string connectionString, OutboxWriter outbox)
    {
        Provider = provider;
        ConnectionString = connectionString;
        this.outbox = outbox;
        DapperTypes.Register();
        if (provider == DatabaseProvider.Sqlite)
        {
            writers = new SemaphoreSlim(1, 1);
            var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
            var folder = Path.GetDirectoryName(Path.GetFullPath(file));
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        }
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        if (Provider == DatabaseProvider.Postgres)
        {
            var postgres = new NpgsqlConnection(ConnectionString);
            await postgres.OpenAsync(cancellationToken);
            return postgres;
        }

        var sqlite = new SqliteConnection(ConnectionString);
        await sqlite.OpenAsync(cancellationToken);
        // In WAL mode, NORMAL loses no commit when the process dies (only on power loss) and spares an fsync per commit.
        await using var pragma = sqlite.CreateCommand();
        pragma.CommandText = "pragma synchronous = normal";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return sqlite;
    }

    /// <summary>
    /// Opens a connection and a transaction; events written through it reach the bus only after commit. Every write goes
    /// through one: on SQLite it holds the process's writer turn until it is disposed.
    /// </summary>
    public async Task<UnitOfWork> BeginAsync(CancellationToken cancellationToken = default)
    {
        if (writers is not null) await writers.WaitAsync(cancellationToken);
        DbConnection? connection = null;
        try
        {
            connection = await OpenAsync(cancellationToken);
            // SQLite: BEGIN IMMEDIATE (the provider's default) takes the write lock up front, so two writers never deadlock.
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            return new UnitOfWork(connection, transaction, outbox, writers);
        }
        catch
        {
            if (connection is not null) await connection.DisposeAsync();
            writers?.Release();
            throw;
        }
    }
}
