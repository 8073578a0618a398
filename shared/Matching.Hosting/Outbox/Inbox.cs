using System.Data.Common;
using Dapper;

namespace Matching.Hosting.Outbox;

/// <summary>
/// The messages each consumer has handled, recorded in the transaction that handles them: a redelivered
/// message (same id) is recognised and changes nothing.
/// </summary>
internal static class Inbox
{
    private const string Insert = """
        insert into inbox_messages (message_id, consumer, processed_at)
        values (@MessageId, @Consumer, @ProcessedAt)
        on conflict (message_id, consumer) do nothing
        """;

    private const string Purge = "delete from inbox_messages where processed_at < @Before";

    /// <summary>False when <paramref name="consumer"/> has already handled the message.</summary>
    public static async Task<bool> RecordAsync(DbConnection connection, DbTransaction transaction, Guid? messageId, string consumer)
    {
        if (messageId is null) throw new InvalidOperationException($"{consumer} got a message without an id; it cannot tell a redelivery");
        return await connection.ExecuteAsync(Insert,
            new { MessageId = messageId.Value, Consumer = consumer, ProcessedAt = DateTimeOffset.UtcNow }, transaction) == 1;
    }

    public static Task PurgeAsync(DbConnection connection, DateTimeOffset before) =>
        connection.ExecuteAsync(Purge, new { Before = before });
}
