using Dapper;
using Matching.Hosting.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Matching.Hosting.Outbox;

/// <summary><c>GET /admin/outbox</c>: how many messages still wait for the relay, and the rows it parked because they can never be published.</summary>
public static class OutboxApi
{
    /// <summary>The parked rows shown, newest first; they stay in the table until someone removes them.</summary>
    public const int MaxParkedShown = 100;

    private const string CountUnsent = "select count(*) from outbox_messages where sent_at is null and parked_at is null";

    private const string CountParked = "select count(*) from outbox_messages where parked_at is not null";

    private const string SelectParked = """
        select id as Id, message_type as MessageType, error as Error, created_at as CreatedAt, parked_at as ParkedAt
        from outbox_messages
        where parked_at is not null
        order by parked_at desc, id
        limit @Limit
        """;

    public static IEndpointRouteBuilder MapOutbox(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/outbox", async Task<Ok<OutboxResponse>> (Db db, CancellationToken cancellationToken) =>
            {
                await using var connection = await db.OpenAsync(cancellationToken);
                var unsent = await connection.ExecuteScalarAsync<long>(CountUnsent);
                var parkedCount = await connection.ExecuteScalarAsync<long>(CountParked);
                var parked = (await connection.QueryAsync<ParkedMessage>(SelectParked, new { Limit = MaxParkedShown })).AsList();
                return TypedResults.Ok(new OutboxResponse(unsent, parkedCount, parked));
            })
            .WithTags("Admin")
            .WithName("ShowOutbox")
            .WithSummary("Messages waiting to be relayed, and those parked because they can never be")
            .WithDescription($"A parked row names its message type and why it cannot be published; at most {MaxParkedShown} are listed, newest first.");
        return app;
    }
}

/// <param name="Unsent">Rows the relay has yet to publish (parked ones not counted).</param>
/// <param name="ParkedCount">Every parked row, of which <paramref name="Parked"/> lists the newest.</param>
public sealed record OutboxResponse(long Unsent, long ParkedCount, IReadOnlyList<ParkedMessage> Parked);

public sealed record ParkedMessage
{
    public Guid Id { get; init; }
    public string MessageType { get; init; } = "";
    public string Error { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ParkedAt { get; init; }
}
