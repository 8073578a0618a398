using Dapper;
using Matching.Hosting.Data;
using Matching.Hosting.Messaging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Matching.Hosting.Security;

/// <summary>
/// The service's append-only audit log: who (account or client, and role), what (action and resource), when, and the
/// correlation id, written in the transaction of the change itself, so that no change goes unrecorded.
/// </summary>
public static class Audit
{
    public const int MaxEntries = 1000;

    private const string Insert = """
        insert into audit_log (id, at, subject, role, action, resource_id, correlation_id)
        values (@Id, @At, @Subject, @Role, @Action, @ResourceId, @CorrelationId)
        """;

    private const string SelectSince = """
        select id as Id, at as At, subject as Subject, role as Role, action as Action, resource_id as ResourceId,
               correlation_id as CorrelationId
        from audit_log
        where at >= @Since
        order by at, id
        limit @Limit
        """;

    /// <summary>Records that <paramref name="caller"/> did <paramref name="action"/> (e.g. <c>course.withdraw</c>) to the resource.</summary>
    public static Task RecordAsync(this UnitOfWork work, Caller caller, string action, object resourceId) =>
        work.ExecuteAsync(Insert, new
        {
            Id = Guid.CreateVersion7(),
            At = DateTimeOffset.UtcNow,
            caller.Subject,
            caller.Role,
            Action = action,
            ResourceId = resourceId.ToString(),
            CorrelationId = Correlation.Current,
        });

    /// <summary><c>GET /admin/audit?since=</c>: the entries since a moment (default: the last day), oldest first, at most <see cref="MaxEntries"/>.</summary>
    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/audit", ListAsync)
            .WithTags("Admin")
            .WithName("ListAudit")
            .WithSummary("The audit log: who changed what, when");
        return app;
    }

    private static async Task<Ok<AuditEntry[]>> ListAsync(DateTimeOffset? since, Db db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var entries = await connection.QueryAsync<AuditEntry>(SelectSince,
            new { Since = since ?? DateTimeOffset.UtcNow.AddDays(-1), Limit = MaxEntries });
        return TypedResults.Ok(entries.ToArray());
    }
}

public sealed record AuditEntry
{
    public Guid Id { get; init; }
    public DateTimeOffset At { get; init; }
    public string Subject { get; init; } = "";
    public string Role { get; init; } = "";
    public string Action { get; init; } = "";
    public string ResourceId { get; init; } = "";
    public Guid? CorrelationId { get; init; }
}
