using System.Data.Common;
using System.Text.Json;
using Dapper;
using Matching.Hosting.Data;
using Matching.Hosting.Messaging;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Matching.Hosting.Outbox;

/// <summary>
/// Publishes committed outbox rows, oldest first, with publisher confirms, and marks them sent.
/// A crash between publish and mark re-publishes the row with the same message id on restart;
/// consumers are idempotent, so that only delays, never doubles. A row that can never be published (its type is
/// not among the service's messages, say after a rollback, or its body does not read as that type) is parked with
/// the reason rather than retried for ever ahead of every row after it; <c>GET /admin/outbox</c> shows it.
/// </summary>
internal sealed class OutboxRelay(Db db, IBus bus, OutboxMessageTypes relayed, OutboxSignal signal, ILogger<OutboxRelay> logger)
    : BackgroundService
{
    private const int BatchSize = 200;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private const string SelectUnsent = """
        select id as Id, message_type as MessageType, body as Body, correlation_id as CorrelationId
        from outbox_messages
        where sent_at is null and parked_at is null
        order by created_at, id
        limit @BatchSize
        """;

    private const string MarkSent = "update outbox_messages set sent_at = @SentAt where id = @Id";

    private const string Park = "update outbox_messages set parked_at = @ParkedAt, error = @Error where id = @Id";

    private const string PurgeSent = "delete from outbox_messages where sent_at < @Before";

    private DateTimeOffset nextPurge = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await RelayBatchAsync(stoppingToken) == BatchSize) { }
                await PurgeAsync();
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Outbox relay failed; retrying");
            }

            try { await signal.WaitAsync(PollInterval, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>
    /// Parks the rows of a batch that cannot be published, publishes the others side by side, waiting for every confirm,
    /// then marks them sent. Order within a batch is not kept: consumers go by versions and by each placement's own
    /// state, so a reordering is harmless, and waiting for one confirm before the next message would make catching up
    /// after an outage many times slower.
    /// </summary>
    /// <returns>How many rows the batch took, parked ones included.</returns>
    private async Task<int> RelayBatchAsync(CancellationToken stoppingToken)
    {
        await using var connection = await db.OpenAsync(stoppingToken);
        var rows = (await connection.QueryAsync<OutboxRow>(SelectUnsent, new { BatchSize })).AsList();
        if (rows.Count == 0) return 0;

        var messages = new List<(OutboxRow Row, object Message, Type Type)>(rows.Count);
        var parked = new List<(OutboxRow Row, string Error)>();
        foreach (var row in rows)
        {
            var (message, type, error) = Read(row);
            if (error is null) messages.Add((row, message!, type!));
            else parked.Add((row, error));
        }

        if (parked.Count > 0) await ParkAsync(connection, parked, stoppingToken);
        if (messages.Count == 0) return rows.Count;

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        await Task.WhenAll(messages.Select(each => PublishAsync(each.Row, each.Message, each.Type, timeout.Token)));

        await using var transaction = await connection.BeginTransactionAsync(stoppingToken);
        var sentAt = DateTimeOffset.UtcNow;
        await connection.ExecuteAsync(MarkSent, messages.Select(each => new { each.Row.Id, SentAt = sentAt }), transaction);
        await transaction.CommitAsync(stoppingToken);

        logger.LogDebug("Relayed {Count} outbox messages", messages.Count);
        return rows.Count;
    }

    /// <summary>The row's message and its type, or why it can never be published.</summary>
    /// <remarks>The reason names the type and where the body broke, never what it holds.</remarks>
    private (object? Message, Type? Type, string? Error) Read(OutboxRow row)
    {
        var type = relayed.Find(row.MessageType);
        if (type is null) return (null, null, $"{row.MessageType} is not among the messages this service publishes");
        try
        {
            var message = JsonSerializer.Deserialize(row.Body, type, MessageJson.Options);
            return message is null ? (null, null, $"the body is null, not a {type.Name}") : (message, type, null);
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException)
        {
            return (null, null, $"the body does not read as a {type.Name} (at {(exception as JsonException)?.Path ?? "$"})");
        }
    }

    private async Task ParkAsync(DbConnection connection, List<(OutboxRow Row, string Error)> parked, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var parkedAt = DateTimeOffset.UtcNow;
        await connection.ExecuteAsync(Park, parked.Select(each => new { each.Row.Id, ParkedAt = parkedAt, each.Error }), transaction);
        await transaction.CommitAsync(cancellationToken);
        foreach (var (row, error) in parked)
            logger.LogError("Parked outbox message {MessageId} ({MessageType}): {Error}", row.Id, row.MessageType, error);
    }

    private Task PublishAsync(OutboxRow row, object message, Type type, CancellationToken cancellationToken) =>
        bus.Publish(message, type, context =>
        {
            context.MessageId = row.Id;
            context.CorrelationId = row.CorrelationId;
        }, cancellationToken);

    private async Task PurgeAsync()
    {
        var now = DateTimeOffset.UtcNow;
        if (now < nextPurge) return;
        nextPurge = now.AddHours(1);
        await using var connection = await db.OpenAsync();
        await connection.ExecuteAsync(PurgeSent, new { Before = now.AddDays(-1) });
        // A week covers any redelivery the broker could still make; the consumers' own state (one
        // reservation per placement, version checks) keeps even a later one harmless.
        await Inbox.PurgeAsync(connection, before: now.AddDays(-7));
    }

    private sealed class OutboxRow
    {
        public Guid Id { get; init; }
        public string MessageType { get; init; } = "";
        public string Body { get; init; } = "";
        public Guid? CorrelationId { get; init; }
    }
}
