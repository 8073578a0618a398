using System.Data.Common;
using Dapper;
using Matching.Hosting.Outbox;

namespace Matching.Hosting.Data;

/// <summary>
/// One database transaction. Messages published through it are written to the outbox table in the
/// same transaction and relayed to the bus after commit: never published before commit, never lost
/// after it. A consumer records the message it handles in the inbox table through it too, so a
/// redelivered message is recognised and changes nothing.
/// </summary>
public sealed class UnitOfWork : IAsyncDisposable
{
    private readonly OutboxWriter outbox;
    private readonly SemaphoreSlim? writerTurn;
    private bool published;
    private bool disposed;

    internal UnitOfWork(DbConnection connection, DbTransaction transaction, OutboxWriter outbox, SemaphoreSlim? writerTurn)
    {
        Connection = connection;
        Transaction = transaction;
        this.outbox = outbox;
        this.writerTurn = writerTurn;
    }

    public DbConnection Connection { get; }

    public DbTransaction Transaction { get; }

    public Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? parameters = null) =>
        Connection.QuerySingleOrDefaultAsync<T>(sql, parameters, Transaction);

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters = null) =>
        (await Connection.QueryAsync<T>(sql, parameters, Transaction)).AsList();

    public Task<int> ExecuteAsync(string sql, object? parameters = null) =>
        Connection.ExecuteAsync(sql, parameters, Transaction);

    /// <summary>
    /// Records that <paramref name="consumer"/> handles the message in this transaction. False when it already
    /// has (a redelivery): the consumer then changes nothing. Rolled back with the transaction, so a
    /// message whose handling failed is handled again when it comes back.
    /// </summary>
    public Task<bool> FirstDeliveryAsync(Guid? messageId, string consumer) =>
        Inbox.RecordAsync(Connection, Transaction, messageId, consumer);

    /// <summary>Writes <paramref name="message"/> to the outbox; it reaches the bus once this transaction commits.</summary>
    public async Task PublishAsync<T>(T message) where T : class
    {
        await outbox.WriteAsync(Connection, Transaction, message);
        published = true;
    }

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        await Transaction.CommitAsync(cancellationToken);
        if (published) outbox.Committed();
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed) return;
        disposed = true;
        try
        {
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
        finally
        {
            writerTurn?.Release();
        }
    }
}
