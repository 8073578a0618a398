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
/// consumers are idempotent, so that only delays, never doubles.
/// </summary>
internal sealed class OutboxRelay(Db db, IBus bus, OutboxMessageTypes relayed, OutboxSignal signal, ILogger<OutboxRelay> logger)
    : BackgroundService
{
    private const int BatchSize = 200;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private const string SelectUnsent = """
        select id as Id, message_type as MessageType, body as Body, correlation_id as CorrelationId
        from outbox_messages
        where sent_at is null
        order by created_at, id
        limit @BatchSize
        """;

    private const string MarkSent = "update outbox_messages set sent_at = @SentAt where id = @Id";

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
    /// Publishes a batch side by side, waiting for every confirm, then marks it sent. Order within a batch is not kept:
    /// consumers go by versions and by each placement's own state, so a reordering is harmless, and waiting for one
    /// confirm before the next message would make catching up after an outage many times slower.
    /// </summary>
    private async Task<int> RelayBatchAsync(CancellationToken stoppingToken)
    {
        await using var connection = await db.OpenAsync(stoppingToken);
        var rows = (await connection.QueryAsync<OutboxRow>(SelectUnsent, new { BatchSize })).AsList();
        if (rows.Count == 0) return 0;

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        await Task.WhenAll(rows.Select(row => PublishAsync(row, timeout.Token)));

        await using var transaction = await connection.BeginTransactionAsync(stoppingToken);
        var sentAt = DateTimeOffset.UtcNow;
        await connection.ExecuteAsync(MarkSent, rows.Select(row => new { row.Id, SentAt = sentAt }), transaction);
        await transaction.CommitAsync(stoppingToken);

        logger.LogDebug("Relayed {Count} outbox messages", rows.Count);
        return rows.Count;
    }

    private Task PublishAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        var type = relayed.Find(row.MessageType)
            ?? throw new InvalidOperationException($"Outbox row {row.Id} holds a {row.MessageType}, which this service does not publish");
        var message = JsonSerializer.Deserialize(row.Body, type, MessageJson.Options)!;
        return bus.Publish(message, type, context =>
        {
            context.MessageId = row.Id;
            context.CorrelationId = row.CorrelationId;
        }, cancellationToken);
    }

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
