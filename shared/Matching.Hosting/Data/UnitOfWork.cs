using System.Data.Common;
using System.Text.Json;
using Dapper;
using Matching.Hosting.Messaging;

namespace Matching.Hosting.Data;

/// <summary>
/// One database transaction. Events published through it are written to the outbox table in the
/// same transaction and sent by the <see cref="OutboxRelay"/> after commit: never published
/// before commit, never lost after it. A consumer records the message it handles in the inbox table
/// through it too, so a redelivered message is recognised and changes nothing.
/// </summary>
public sealed class UnitOfWork(DbConnection connection, DbTransaction transaction) : IAsyncDisposable
{
    private const string InsertOutboxMessage = """
        insert into outbox_messages (id, message_type, body, correlation_id, created_at)
        values (@Id, @MessageType, @Body, @CorrelationId, @CreatedAt)
        """;

    private const string InsertInboxMessage = """
        insert into inbox_messages (message_id, consumer, processed_at)
        values (@MessageId, @Consumer, @ProcessedAt)
        on conflict (message_id, consumer) do nothing
        """;

    private bool published;

    public DbConnection Connection { get; } = connection;

    public DbTransaction Transaction { get; } = transaction;

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
    public async Task<bool> FirstDeliveryAsync(Guid? messageId, string consumer)
    {
        if (messageId is null) throw new InvalidOperationException($"{consumer} got a message without an id; it cannot tell a redelivery");
        return await Connection.ExecuteAsync(InsertInboxMessage,
            new { MessageId = messageId.Value, Consumer = consumer, ProcessedAt = DateTimeOffset.UtcNow }, Transaction) == 1;
    }

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
