using Matching.Hosting.Data;
using Npgsql;

namespace Matching.Testing;

/// <summary>A database of its own for one test class: a temporary SQLite file, or a fresh PostgreSQL database dropped afterwards.</summary>
public sealed class TestDatabase : IDisposable
{
    /// <summary>Server the PostgreSQL tests use; <c>./matching.sh test</c> starts it and creates the role.</summary>
    public static string PostgresServer =>
        Environment.GetEnvironmentVariable("MATCHING_TEST_POSTGRES")
        ?? "Host=127.0.0.1;Port=5432;Username=matching;Password=matching;Pooling=false";

    private readonly string? postgresName;
    private readonly string? sqliteFolder;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? postgresName, string? sqliteFolder)
    {
        Provider = provider;
        ConnectionString = connectionString;
        this.postgresName = postgresName;
        this.sqliteFolder = sqliteFolder;
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    public Db Db => new(Provider, ConnectionString);

    public static TestDatabase Create(DatabaseProvider provider) =>
        provider == DatabaseProvider.Sqlite ? Sqlite() : Postgres();

    public static TestDatabase Sqlite()
    {
        var folder = Path.Combine(Path.GetTempPath(), "matching-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return new TestDatabase(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, "test.db")}", null, folder);
    }

    public static TestDatabase Postgres()
    {
        var name = "matching_test_" + Guid.NewGuid().ToString("N")[..12];
        var builder = new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name };
        // Migrations create the database (DbUp's EnsureDatabase); Dispose drops it.
        return new TestDatabase(DatabaseProvider.Postgres, builder.ConnectionString, name, null);
    }

    public void Dispose()
    {
        if (postgresName is not null)
        {
            var builder = new NpgsqlConnectionStringBuilder(PostgresServer) { Database = "postgres" };
            using var connection = new NpgsqlConnection(builder.ConnectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"drop database if exists {postgresName} with (force)";
            command.ExecuteNonQuery();
        }

        if (sqliteFolder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(sqliteFolder, recursive: true); } catch (IOException) { }
        }
    }
}
