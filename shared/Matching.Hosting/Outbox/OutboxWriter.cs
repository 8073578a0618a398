using System.Data.Common;
using System.Text.Json;
using Dapper;
using Matching.Hosting.Messaging;
using Matching.Hosting.Telemetry;

namespace Matching.Hosting.Outbox;

/// <summary>
/// Writes what a transaction publishes into the outbox table, in that transaction, and wakes the relay once it
/// commits. A message the service does not list fails the transaction here rather than stalling the relay later.
/// </summary>
internal sealed class OutboxWriter(OutboxMessageTypes? relayed, OutboxSignal? signal)
{
    /// <summary>For a database no relay reads (tests and tools): takes any message and wakes nobody.</summary>
    public static OutboxWriter Unrelayed { get; } = new(null, null);

    private const string Insert = """
        insert into outbox_messages (id, message_type, body, correlation_id, trace_parent, created_at)
        values (@Id, @MessageType, @Body, @CorrelationId, @TraceParent, @CreatedAt)
        """;

    public Task WriteAsync<T>(DbConnection connection, DbTransaction transaction, T message) where T : class
    {
        if (relayed is not null && !relayed.Contains(typeof(T)))
            throw new InvalidOperationException($"{typeof(T)} is not among the messages this service publishes; add it to those given to AddServiceDefaults");

        return connection.ExecuteAsync(Insert, new
        {
            Id = Guid.CreateVersion7(),
            MessageType = OutboxMessageTypes.NameOf(typeof(T)),
            Body = JsonSerializer.Serialize(message, MessageJson.Options),
            CorrelationId = Correlation.Current,
            TraceParent = Traces.CurrentParent(),
            CreatedAt = DateTimeOffset.UtcNow,
        }, transaction);
    }

    public void Committed() => signal?.Notify();
}
