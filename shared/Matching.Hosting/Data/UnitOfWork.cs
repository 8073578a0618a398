using System.Data.Common;
using System.Text.Json;
using Dapper;
using Matching.Hosting.Messaging;

namespace Matching.Hosting.Data;

/// <summary>
/// One database transaction. Events published through it are written to the outbox table in the
/// same transaction and sent by the <see cref="OutboxRelay"/> after commit: never published
/// before commit, never lost after it.
/// </summary>
public sealed class UnitOfWork(DbConnection connection, DbTransaction transaction) : IAsyncDisposable
{
    private const string InsertOutboxMessage = """
        insert into outbox_messages (id, message_type, body, correlation_id, created_at)
        values (@Id, @MessageType, @Body, @CorrelationId, @CreatedAt)
        """;

    private bool published;

    public DbConnection Connection { get; } = connection;

    public DbTransaction Transaction { get; } = transaction;

    public Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? parameters = null) =>
        Connection.QuerySingleOrDefaultAsync<T>(sql, parameters, Transaction);

    public Task<int> ExecuteAsync(string sql, object? parameters = null) =>
        Connection.ExecuteAsync(sql, parameters, Transaction);

    public async Task PublishAsync<T>(T message) where T : class
    {
        await Connection.ExecuteAsync(InsertOutboxMessage, new
        {
            Id = Guid.CreateVersion7(),
            MessageType = typeof(T).FullName,
            Body = JsonSerializer.Serialize(message, MessageJson.Options),
            CorrelationId = Correlation.Current,
            CreatedAt = DateTimeOffset.UtcNow,
        }, Transaction);
        published = true;
    }

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        await Transaction.CommitAsync(cancellationToken);
        if (published) OutboxSignal.Notify();
    }

    public async ValueTask DisposeAsync()
    {
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }
}
