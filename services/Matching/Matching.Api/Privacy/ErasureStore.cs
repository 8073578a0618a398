using Dapper;
using Matching.Api.Placements;
using Matching.Api.Reports;
using Matching.Contracts;
using Matching.Hosting.Data;

namespace Matching.Api.Privacy;

/// <summary>
/// Erases placements with their history in the caller's unit of work, records the erasure, and asks the other services to
/// erase their part (through the outbox: never before commit). What an erased placement still holds or asks for is given
/// back first — but for a confirmed one, whose person is in the course or job: its seat and position stay taken.
/// </summary>
public sealed class ErasureStore(Db db, PlacementStore placements)
{
    private const string Columns = """
        id as Id, reference as Reference, course_id as CourseId, opening_id as OpeningId, state as State, seat as Seat, position as Position
        """;

    private const string SelectOfPerson = $"select {Columns} from placements where reference = @Reference";

    private const string SelectById = $"select {Columns} from placements where id = @Id";

    private const string SelectEndedBefore = $"""
        select {Columns} from placements
        where state in ('Confirmed', 'Rejected', 'Released') and changed_at <= @Before
        order by changed_at, id
        limit @Limit
        """;

    // One statement per placement: the same SQL on both databases (Dapper sends a list to PostgreSQL as one array).
    private const string DeleteHistory = "delete from placement_history where placement_id = @Id";

    private const string DeletePlacements = "delete from placements where id = @Id";

    // The turn-taking row of a person none of whose placements is left.
    private const string DeleteReferences = """
        delete from placement_references
        where reference = @Reference and not exists (select 1 from placements p where p.reference = placement_references.reference)
        """;

    private const string Insert = """
        insert into erasures (id, cause, placements, requested_at, courses_confirmed_at, employers_confirmed_at)
        values (@Id, @Cause, @Placements, @RequestedAt, null, null)
        """;

    private const string SelectErasure = """
        select id as Id, cause as Cause, placements as Placements, requested_at as RequestedAt,
               courses_confirmed_at as CoursesConfirmedAt, employers_confirmed_at as EmployersConfirmedAt
        from erasures where id = @Id
        """;

    private const string ConfirmCourses = "update erasures set courses_confirmed_at = @At where id = @Id and courses_confirmed_at is null";

    private const string ConfirmEmployers = "update erasures set employers_confirmed_at = @At where id = @Id and employers_confirmed_at is null";

    /// <summary>Erases every placement of the person named <paramref name="reference"/>, and the person's turn-taking row.</summary>
    public async Task<Erasure> ErasePersonAsync(UnitOfWork work, string reference, DateTimeOffset now)
    {
        // Waits for a placement being requested for the person at this moment, and keeps the next one out until commit.
        await placements.TakeTurnAsync(work, reference);
        var found = await work.QueryAsync<Erased>(SelectOfPerson, new { Reference = reference });
        var erasure = await EraseAsync(work, found, ErasureCause.Request, now);
        await work.ExecuteAsync(DeleteReferences, new { Reference = reference });
        return erasure;
    }

    /// <summary>Erases up to <paramref name="limit"/> placements that ended at or before <paramref name="before"/>; null when there are none.</summary>
    public async Task<Erasure?> EraseEndedAsync(UnitOfWork work, DateTimeOffset before, int limit, DateTimeOffset now)
    {
        var ended = await work.QueryAsync<Erased>(SelectEndedBefore, new { Before = before, Limit = limit });
        if (ended.Count == 0) return null;
        // The people's turns first, in one order, as a caseworker's erasure and a new placement take them: the sweep then
        // waits for those instead of the two waiting for each other. What they erased meanwhile is no longer found.
        foreach (var reference in ended.Select(placement => placement.Reference).Distinct().Order(StringComparer.Ordinal))
            await placements.TakeTurnAsync(work, reference);
        var found = new List<Erased>(ended.Count);
        foreach (var placement in ended)
            if (await work.QuerySingleOrDefaultAsync<Erased>(SelectById, new { placement.Id }) is { } still) found.Add(still);
        var erasure = await EraseAsync(work, found, ErasureCause.Retention, now);
        await work.ExecuteAsync(DeleteReferences, ended.Select(placement => placement.Reference).Distinct().Select(reference => new { Reference = reference }));
        return erasure;
    }

    public async Task<Erasure?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Erasure>(SelectErasure, new { Id = id });
    }

    /// <summary>Records that <paramref name="service"/> erased its part; false for a service that is not asked.</summary>
    public async Task<bool> ConfirmAsync(Guid id, string service, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var update = service switch { "courses" => ConfirmCourses, "employers" => ConfirmEmployers, _ => null };
        if (update is null) return false;
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(update, new { Id = id, At = at });
        return true;
    }

    private async Task<Erasure> EraseAsync(UnitOfWork work, IReadOnlyList<Erased> found, ErasureCause cause, DateTimeOffset now)
    {
        var erasure = new Erasure { Id = Guid.CreateVersion7(now), Cause = cause, Placements = found.Count, RequestedAt = now };
        if (found.Count > 0)
        {
            // SQLite: the erased rows' bytes are overwritten, not only unlinked from the file's pages.
            if (db.Provider == DatabaseProvider.Sqlite) await work.ExecuteAsync("pragma secure_delete = on");
            foreach (var placement in found) await GiveBackAsync(work, placement);
            var ids = found.Select(placement => placement.Id).ToArray();
            // The fairness figures keep how many were placed, by group, and nothing else of them.
            await PlacementGroups.KeepCountAsync(work, ids,
                found.Where(placement => placement.State == PlacementState.Confirmed).Select(placement => placement.Id).ToList());
            await work.ExecuteAsync(DeleteHistory, ids.Select(id => new { Id = id }));
            await work.ExecuteAsync(DeletePlacements, ids.Select(id => new { Id = id }));
            await work.PublishAsync(new ErasePlacements(erasure.Id, ids));
        }

        await work.ExecuteAsync(Insert, new { erasure.Id, Cause = erasure.Cause.ToString(), erasure.Placements, erasure.RequestedAt });
        return erasure;
    }

    /// <summary>Gives back what an erased placement holds or still asks for; once erased, no answer could find it to give it back later.</summary>
    private static async Task GiveBackAsync(UnitOfWork work, Erased placement)
    {
        if (placement.State == PlacementState.Confirmed) return;
        if (placement is { Seat: PartState.Requested or PartState.Held, CourseId: { } courseId })
            await work.PublishAsync(new ReleaseSeat(placement.Id, courseId));
        if (placement is { Position: PartState.Requested or PartState.Held, OpeningId: { } openingId })
            await work.PublishAsync(new ReleasePosition(placement.Id, openingId));
    }

    private sealed record Erased
    {
        public Guid Id { get; init; }
        public string Reference { get; init; } = "";
        public Guid? CourseId { get; init; }
        public Guid? OpeningId { get; init; }
        public PlacementState State { get; init; }
        public PartState Seat { get; init; }
        public PartState Position { get; init; }
    }
}
