using System.Text.Json.Serialization;
using Dapper;
using Matching.Contracts;
using Matching.Hosting.Data;
using Matching.Hosting.Security;

namespace Matching.Api.Placements;

/// <summary>
/// The <c>placements</c> and <c>placement_history</c> tables. A change is stored with its history entry and
/// the commands it sends (reserve, hold, release) in the caller's unit of work, so none is sent before
/// commit and none is lost after it.
/// </summary>
public sealed class PlacementStore(Db db)
{
    private const string Columns = """
        id as Id, version as Version, reference as Reference, course_id as CourseId, opening_id as OpeningId,
        agreement_id as AgreementId, state as State, reason as Reason, seat as Seat, position as Position,
        requested_at as RequestedAt, reserved_at as ReservedAt, changed_at as ChangedAt, idempotency_key as IdempotencyKey,
        requested_by as RequestedBy
        """;

    private const string SelectById = $"select {Columns} from placements where id = @Id";

    private const string SelectByIdempotencyKey = $"select {Columns} from placements where idempotency_key = @IdempotencyKey";

    private const string SelectPageByReference = $"""
        select {Columns} from placements
        where reference = @Reference
        order by requested_at, id
        limit @Limit offset @Offset
        """;

    private const string SelectPageByOpening = $"""
        select {Columns} from placements
        where opening_id = @OpeningId
        order by requested_at, id
        limit @Limit offset @Offset
        """;

    // Active: requested, reserved or confirmed, i.e. holding or still asking for its seat and position.
    private const string SelectActiveForSameOffer = $"""
        select {Columns} from placements
        where reference = @Reference and state in ('Requested', 'Reserved', 'Confirmed')
            and (course_id = @CourseId or opening_id = @OpeningId)
        order by requested_at, id
        limit 1
        """;

    private const string TakeTurn = """
        insert into placement_references (reference, requests) values (@Reference, 1)
        on conflict (reference) do update set requests = placement_references.requests + 1
        """;

    private const string SelectRequestedBefore = $"""
        select {Columns} from placements
        where state = 'Requested' and requested_at <= @Before
        order by requested_at
        limit @Limit
        """;

    private const string SelectReservedBefore = $"""
        select {Columns} from placements
        where state = 'Reserved' and reserved_at <= @Before
        order by reserved_at
        limit @Limit
        """;

    private const string Insert = """
        insert into placements (id, version, reference, course_id, opening_id, agreement_id, state, reason,
            seat, position, requested_at, reserved_at, changed_at, idempotency_key, requested_by)
        values (@Id, @Version, @Reference, @CourseId, @OpeningId, @AgreementId, @State, @Reason,
            @Seat, @Position, @RequestedAt, @ReservedAt, @ChangedAt, @IdempotencyKey, @RequestedBy)
        """;

    // Optimistic concurrency: only the version the change was made from may be replaced.
    private const string Update = """
        update placements
        set version = @Version, state = @State, reason = @Reason, seat = @Seat, position = @Position,
            reserved_at = @ReservedAt, changed_at = @ChangedAt
        where id = @Id and version = @Version - 1
        """;

    private const string InsertHistory = """
        insert into placement_history (placement_id, version, state, reason, at)
        values (@Id, @Version, @State, @Reason, @ChangedAt)
        """;

    private const string SelectHistory = """
        select placement_id as PlacementId, state as State, reason as Reason, at as At
        from placement_history
        where placement_id = @Id
        order by version
        """;

    private const string SelectHistoryOfPageByReference = """
        select h.placement_id as PlacementId, h.state as State, h.reason as Reason, h.at as At
        from placement_history h
        join (
            select id from placements
            where reference = @Reference
            order by requested_at, id
            limit @Limit offset @Offset
        ) p on p.id = h.placement_id
        order by h.placement_id, h.version
        """;

    /// <summary>Stores a new placement and sends what it asks the other services for.</summary>
    public async Task AddAsync(UnitOfWork work, Placement placement)
    {
        await work.ExecuteAsync(Insert, Parameters(placement));
        await work.ExecuteAsync(InsertHistory, Parameters(placement));
        // Only caseworkers request placements (PlacementsApi).
        var requestedBy = placement.RequestedBy is null ? null : new Actor(placement.RequestedBy, Roles.Caseworker);
        if (placement.CourseId is { } courseId) await work.PublishAsync(new ReserveSeat(placement.Id, courseId, requestedBy));
        if (placement.OpeningId is { } openingId) await work.PublishAsync(new HoldPosition(placement.Id, openingId, placement.AgreementId, requestedBy));
    }

    public Task<Placement?> FindAsync(UnitOfWork work, Guid id) =>
        work.QuerySingleOrDefaultAsync<Placement>(SelectById, new { Id = id });

    /// <summary>The placement first requested with this key.</summary>
    public Task<Placement?> FindAsync(UnitOfWork work, string idempotencyKey) =>
        work.QuerySingleOrDefaultAsync<Placement>(SelectByIdempotencyKey, new { IdempotencyKey = idempotencyKey });

    /// <summary>
    /// Makes requests for the person's placements take turns until <paramref name="work"/> ends, so what one of them
    /// stores is seen by the next one's <see cref="FindActiveForSameOfferAsync"/>.
    /// </summary>
    public Task TakeTurnAsync(UnitOfWork work, string reference) => work.ExecuteAsync(TakeTurn, new { Reference = reference });

    /// <summary>The person's oldest requested, reserved or confirmed placement for the course or the opening <paramref name="placement"/> asks for.</summary>
    public Task<Placement?> FindActiveForSameOfferAsync(UnitOfWork work, Placement placement) =>
        work.QuerySingleOrDefaultAsync<Placement>(SelectActiveForSameOffer, new { placement.Reference, placement.CourseId, placement.OpeningId });

    /// <summary>
    /// Stores <paramref name="next"/>, a step from <paramref name="placement"/>: a history entry when the state
    /// changed, and a release for each part it gives back. False when the placement was changed meanwhile.
    /// </summary>
    public async Task<bool> SaveAsync(UnitOfWork work, Placement placement, Placement next)
    {
        if (next == placement) return true;
        next = next with { Version = placement.Version + 1 };
        if (await work.ExecuteAsync(Update, Parameters(next)) != 1) return false;
        if (next.State != placement.State) await work.ExecuteAsync(InsertHistory, Parameters(next));
        if (placement.GivesBack(next, Part.Seat)) await work.PublishAsync(new ReleaseSeat(next.Id, next.CourseId!.Value));
        if (placement.GivesBack(next, Part.Position)) await work.PublishAsync(new ReleasePosition(next.Id, next.OpeningId!.Value));
        return true;
    }

    /// <summary>Placements still reserving since <paramref name="before"/> or longer, oldest first.</summary>
    public async Task<IReadOnlyList<Placement>> RequestedBeforeAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Placement>(SelectRequestedBefore, new { Before = before, Limit = limit })).AsList();
    }

    /// <summary>Reserved placements whose reservation is at least as old as <paramref name="before"/>, oldest first.</summary>
    public async Task<IReadOnlyList<Placement>> ReservedBeforeAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Placement>(SelectReservedBefore, new { Before = before, Limit = limit })).AsList();
    }

    /// <param name="withHistory">False: the answer leaves the history out (see <see cref="PlacementResponse.History"/>).</param>
    public async Task<PlacementResponse?> ViewAsync(Guid id, bool withHistory, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var placement = await connection.QuerySingleOrDefaultAsync<Placement>(SelectById, new { Id = id });
        if (placement is null) return null;
        var history = withHistory ? await connection.QueryAsync<Change>(SelectHistory, new { Id = id }) : null;
        return PlacementResponse.From(placement, history);
    }

    /// <summary>A page of a person's placements, oldest first.</summary>
    /// <param name="page">From 1.</param>
    /// <param name="withHistory">False: the answers leave the history out.</param>
    public async Task<IReadOnlyList<PlacementResponse>> ViewAllAsync(string reference, int page, int pageSize, bool withHistory,
        CancellationToken cancellationToken)
    {
        var parameters = new { Reference = reference, Limit = pageSize, Offset = (page - 1L) * pageSize };
        await using var connection = await db.OpenAsync(cancellationToken);
        var placements = await connection.QueryAsync<Placement>(SelectPageByReference, parameters);
        if (!withHistory) return placements.Select(placement => PlacementResponse.From(placement, null)).ToList();
        var history = (await connection.QueryAsync<Change>(SelectHistoryOfPageByReference, parameters)).ToLookup(change => change.PlacementId);
        return placements.Select(placement => PlacementResponse.From(placement, history[placement.Id])).ToList();
    }

    /// <summary>A page of the placements into an opening, oldest first: pseudonym and state only.</summary>
    /// <param name="page">From 1.</param>
    public async Task<IReadOnlyList<OpeningPlacementResponse>> ViewAllIntoAsync(Guid openingId, int page, int pageSize,
        CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var placements = await connection.QueryAsync<Placement>(SelectPageByOpening,
            new { OpeningId = openingId, Limit = pageSize, Offset = (page - 1L) * pageSize });
        return placements.Select(placement => new OpeningPlacementResponse(placement.Id, placement.Reference, placement.State)).ToList();
    }

    private static object Parameters(Placement placement) => new
    {
        placement.Id, placement.Version, placement.Reference, placement.CourseId, placement.OpeningId, placement.AgreementId,
        State = placement.State.ToString(), placement.Reason, Seat = placement.Seat.ToString(), Position = placement.Position.ToString(),
        placement.RequestedAt, placement.ReservedAt, placement.ChangedAt, placement.IdempotencyKey, placement.RequestedBy,
    };
}

/// <summary>One row of <c>placement_history</c>.</summary>
public sealed class Change
{
    public Guid PlacementId { get; init; }
    public PlacementState State { get; init; }
    public string? Reason { get; init; }
    public DateTimeOffset At { get; init; }
}

/// <summary>A placement as the API shows it, with every change of its state.</summary>
/// <param name="RequestedBy">The subject of the caseworker account that requested it; null for placements requested before it was recorded.</param>
public sealed record PlacementResponse(
    Guid Id,
    string Reference,
    Guid? CourseId,
    Guid? OpeningId,
    Guid? AgreementId,
    PlacementState State,
    string? Reason,
    string? RequestedBy)
{
    /// <summary>Every change of its state, for caseworkers; left out for coordinators, who never see it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<HistoryEntryResponse>? History { get; init; }

    /// <param name="history">Null: the answer leaves the history out.</param>
    public static PlacementResponse From(Placement placement, IEnumerable<Change>? history) =>
        new(placement.Id, placement.Reference, placement.CourseId, placement.OpeningId, placement.AgreementId,
            placement.State, placement.Reason, placement.RequestedBy)
        {
            History = history?.Select(change => new HistoryEntryResponse(change.State, change.Reason, change.At)).ToList(),
        };
}

/// <summary>A placement into an opening as its employer sees it: the person's pseudonym and the state, nothing else.</summary>
public sealed record OpeningPlacementResponse(Guid Id, string Reference, PlacementState State);

public sealed record HistoryEntryResponse(PlacementState State, string? Reason, DateTimeOffset At);
