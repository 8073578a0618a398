using Dapper;
using Matching.Hosting.Data;
using Matching.Hosting.Messaging;
using Microsoft.Extensions.Logging;

namespace Matching.Hosting.Telemetry;

/// <summary>Samples the outbox and inbox tables and the error queues for <see cref="HostingMetrics"/>.</summary>
internal sealed class HostingSampler(Db db, ErrorQueues errors, HostingMetrics metrics, TelemetryOptions options, ILogger<HostingSampler> logger)
    : Sampler(options, logger)
{
    private const string SelectOutbox = """
        select count(*) filter (where parked_at is null) as Backlog,
               min(created_at) filter (where parked_at is null) as OldestCreatedAt,
               count(*) filter (where parked_at is not null) as Parked
        from outbox_messages
        where sent_at is null
        """;

    private const string CountInbox = "select count(*) from inbox_messages";

    protected override async Task SampleAsync(CancellationToken cancellationToken)
    {
        await using (var connection = await db.OpenAsync(cancellationToken))
        {
            var outbox = await connection.QuerySingleAsync<OutboxRow>(SelectOutbox);
            var inbox = await connection.ExecuteScalarAsync<long>(CountInbox);
            metrics.Sampled(new OutboxSample(outbox.Backlog, outbox.OldestCreatedAt, outbox.Parked), inbox);
        }

        metrics.Sampled(await errors.CountAsync(cancellationToken));
    }

    private sealed class OutboxRow
    {
        public long Backlog { get; init; }
        public DateTimeOffset? OldestCreatedAt { get; init; }
        public long Parked { get; init; }
    }
}
