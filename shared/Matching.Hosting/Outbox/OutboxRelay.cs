using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;
using Dapper;
using Matching.Hosting.Data;
using Matching.Hosting.Messaging;
using Matching.Hosting.Telemetry;
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
/// <remarks>
/// Replicas share a PostgreSQL database and each runs a relay: a batch's rows stay locked (<c>for update skip
/// locked</c>) from the moment a relay takes them until it has marked them sent, so another relay passes them over
/// rather than publishing them a second time, and a relay that dies lets go of them with its connection. A SQLite file
/// belongs to one process, so there is one relay, and its write lock is not held while it publishes.
/// Each row is published inside the trace of the transaction that wrote it (its <c>trace_parent</c>).
/// On shutdown the relay sends what is waiting before the bus stops (it stops first, being registered after the bus),
/// within the host's shutdown timeout.
/// </remarks>
internal sealed class OutboxRelay(Db db, IBusControl bus, OutboxMessageTypes relayed, OutboxSignal signal, TimeProvider clock,
    ILogger<OutboxRelay> logger)
    : BackgroundService
{
    private readonly BrokerRefusals refusals = new(clock);

    private const int BatchSize = 200;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);

    private const string SelectUnsent = """
        select id as Id, message_type as MessageType, body as Body, correlation_id as CorrelationId,
               trace_parent as TraceParent, created_at as CreatedAt
        from outbox_messages
        where sent_at is null and parked_at is null
        order by created_at, id
        limit @BatchSize
        """;

    private const string LockedByThisRelay = "for update skip locked";

    private const string MarkSent = "update outbox_messages set sent_at = @SentAt where id = @Id";

    private const string Park = "update outbox_messages set parked_at = @ParkedAt, error = @Error where id = @Id";

    private const string PurgeSent = "delete from outbox_messages where sent_at < @Before";

    private CancellationToken shutdown = CancellationToken.None;

    private DateTimeOffset nextPurge = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A batch under way is finished even when the host stops meanwhile: its messages may already be out.
                while (await RelayBatchAsync(CancellationToken.None) == BatchSize) { }
                refusals.Published();
                await PurgeAsync();
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Outbox relay failed; retrying");
                if (refusals.RenewAfter(exception) && !stoppingToken.IsCancellationRequested) await RenewConnectionAsync(stoppingToken);
            }

            try { await signal.WaitAsync(PollInterval, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }

        await FlushAsync();
    }

    /// <summary>Stops the bus and starts it again, on a new connection (see <see cref="BrokerRefusals"/>).</summary>
    private async Task RenewConnectionAsync(CancellationToken stoppingToken)
    {
        logger.LogWarning("The broker has taken no publish for {Patience} s: starting the bus again on a new connection",
            BrokerRefusals.Patience.TotalSeconds);
        try
        {
            await bus.StopAsync(stoppingToken);
            await bus.StartAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the host stops the bus itself.
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Starting the bus again failed; the relay goes on retrying");
        }
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        shutdown = cancellationToken;
        return base.StopAsync(cancellationToken);
    }

    /// <summary>What the last requests and consumers wrote, sent before the bus stops; what the host's shutdown timeout leaves unsent waits for the next start.</summary>
    private async Task FlushAsync()
    {
        try
        {
            var flushed = 0;
            int taken;
            do
            {
                taken = await RelayBatchAsync(shutdown);
                flushed += taken;
            }
            while (taken == BatchSize && !shutdown.IsCancellationRequested);
            if (flushed > 0) logger.LogInformation("Outbox flushed {Count} messages on shutdown", flushed);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Outbox not flushed on shutdown; what waits is sent after the next start");
        }
    }

    /// <summary>
    /// Parks the rows of a batch that cannot be published, publishes the others side by side, waiting for every confirm,
    /// then marks them sent. Order within a batch is not kept: consumers go by versions and by each placement's own
    /// state, so a reordering is harmless, and waiting for one confirm before the next message would make catching up
    /// after an outage many times slower.
    /// </summary>
    /// <returns>How many rows the batch took, parked ones included.</returns>
    private async Task<int> RelayBatchAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var shared = db.Provider == DatabaseProvider.Postgres;
        await using var claim = shared ? await connection.BeginTransactionAsync(cancellationToken) : null;
        var rows = (await connection.QueryAsync<OutboxRow>(shared ? $"{SelectUnsent}\n{LockedByThisRelay}" : SelectUnsent,
            new { BatchSize }, claim)).AsList();
        if (rows.Count == 0) return 0;

        var messages = new List<(OutboxRow Row, object Message, Type Type)>(rows.Count);
        var parked = new List<(OutboxRow Row, string Error)>();
        foreach (var row in rows)
        {
            var (message, type, error) = Read(row);
            if (error is null) messages.Add((row, message!, type!));
            else parked.Add((row, error));
        }

        if (messages.Count > 0)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(PublishTimeout);
            await Task.WhenAll(messages.Select(each => PublishAsync(each.Row, each.Message, each.Type, timeout.Token)));
        }

        if (claim is not null)
        {
            await MarkAsync(connection, claim);
            await claim.CommitAsync(cancellationToken);
        }
        else
        {
            // SQLite: the marks are a write like any other, so they wait for the process's writer turn.
            await using var work = await db.BeginAsync(cancellationToken);
            await MarkAsync(work.Connection, work.Transaction);
            await work.CommitAsync(cancellationToken);
        }

        foreach (var (row, error) in parked)
            logger.LogError("Parked outbox message {MessageId} ({MessageType}): {Error}", row.Id, row.MessageType, error);
        logger.LogDebug("Relayed {Count} outbox messages", messages.Count);
        return rows.Count;

        async Task MarkAsync(DbConnection on, DbTransaction transaction)
        {
            var now = DateTimeOffset.UtcNow;
            if (parked.Count > 0)
                await on.ExecuteAsync(Park, parked.Select(each => new { each.Row.Id, ParkedAt = now, each.Error }), transaction);
            await on.ExecuteAsync(MarkSent, messages.Select(each => new { each.Row.Id, SentAt = now }), transaction);
        }
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

    private async Task PublishAsync(OutboxRow row, object message, Type type, CancellationToken cancellationToken)
    {
        using var activity = Traces.StartContinuing("outbox relay", ActivityKind.Internal, row.TraceParent);
        activity?.SetTag("messaging.message.id", row.Id);
        activity?.SetTag("messaging.message.type", type.Name);
        await bus.Publish(message, type, context =>
        {
            context.MessageId = row.Id;
            context.CorrelationId = row.CorrelationId;
            context.Headers.Set(HostingMetrics.WrittenAtHeader, row.CreatedAt.ToString("O"));
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
        public string? TraceParent { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
    }
}
