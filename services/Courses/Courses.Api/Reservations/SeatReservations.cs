using Courses.Api.Courses;
using Dapper;
using Matching.Contracts;
using Matching.Hosting.Data;
using Matching.Hosting.Http;

namespace Courses.Api.Reservations;

/// <summary>
/// The seats held for placements: one row of <c>seat_reservations</c> per placement. Changes run in the
/// caller's unit of work, together with the course's new state (so /matches stops offering a full course)
/// and the answer to the Matching service; reads open their own connection.
/// </summary>
public sealed class SeatReservations(Db db, CourseRepository courses)
{
    public const string NoSeatsLeft = "no seats left";

    private const string Columns = """
        placement_id as PlacementId, course_id as CourseId, state as State, reason as Reason, changed_at as ChangedAt
        """;

    private const string SelectByPlacement = $"select {Columns} from seat_reservations where placement_id = @PlacementId";

    private const string SelectOfCourse = $"""
        select {Columns} from seat_reservations
        where course_id = @CourseId
        order by changed_at, placement_id
        limit @Limit offset @Offset
        """;

    private const string CountOfCourse = "select count(*) from seat_reservations where course_id = @CourseId";

    private const string Insert = """
        insert into seat_reservations (placement_id, course_id, state, reason, changed_at)
        values (@PlacementId, @CourseId, @State, @Reason, @ChangedAt)
        """;

    private const string UpdateState = """
        update seat_reservations set state = @State, changed_at = @ChangedAt
        where placement_id = @PlacementId
        """;

    /// <summary>
    /// Takes a seat for the placement and answers <see cref="SeatReserved"/> or <see cref="SeatRefused"/>;
    /// returns null when the placement holds a seat, else why not. The same placement again gets the same
    /// answer and changes nothing.
    /// </summary>
    public async Task<string?> ReserveAsync(UnitOfWork work, ReserveSeat command, DateTimeOffset now)
    {
        var refusal = await FindAsync(work, command.PlacementId) switch
        {
            null => await TakeSeatAsync(work, command, now),
            { State: ReservationState.Held } => null,
            { State: ReservationState.Refused } refused => refused.Reason ?? NoSeatsLeft,
            _ => "the placement was released",
        };

        if (refusal is null) await work.PublishAsync(new SeatReserved(command.PlacementId, command.CourseId));
        else await work.PublishAsync(new SeatRefused(command.PlacementId, command.CourseId, refusal));
        return refusal;
    }

    /// <summary>
    /// Gives back the one seat the placement holds, if it holds one, and answers <see cref="SeatReleased"/>; returns
    /// whether a held seat was let go. Releasing again changes nothing.
    /// </summary>
    public async Task<bool> ReleaseAsync(UnitOfWork work, ReleaseSeat command, DateTimeOffset now)
    {
        var reservation = await FindAsync(work, command.PlacementId);
        if (reservation is null)
        {
            // Released before it was reserved: remembered, so a late ReserveSeat takes no seat.
            await work.ExecuteAsync(Insert, new
            {
                command.PlacementId, command.CourseId, State = nameof(ReservationState.Released), Reason = (string?)null, ChangedAt = now,
            });
        }
        else if (reservation.State == ReservationState.Held)
        {
            await work.ExecuteAsync(UpdateState, new { command.PlacementId, State = nameof(ReservationState.Released), ChangedAt = now });
            if (await courses.ReleaseSeatAsync(work, reservation.CourseId) is { } course)
                await work.PublishAsync(new CourseSeatsChanged(course.ToState()));
        }

        await work.PublishAsync(new SeatReleased(command.PlacementId, command.CourseId));
        return reservation?.State == ReservationState.Held;
    }

    private async Task<string?> TakeSeatAsync(UnitOfWork work, ReserveSeat command, DateTimeOffset now)
    {
        var course = await courses.ReserveSeatAsync(work, command.CourseId);
        var refusal = course is null ? await WhyNoSeatAsync(work, command.CourseId) : null;
        await work.ExecuteAsync(Insert, new
        {
            command.PlacementId,
            command.CourseId,
            State = (refusal is null ? ReservationState.Held : ReservationState.Refused).ToString(),
            Reason = refusal,
            ChangedAt = now,
        });
        if (course is not null) await work.PublishAsync(new CourseSeatsChanged(course.ToState()));
        return refusal;
    }

    /// <summary>One page of the course's reservations, held, refused or released, oldest change first.</summary>
    public async Task<IReadOnlyList<SeatReservation>> ListAsync(Guid courseId, Paging paging, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<SeatReservation>(SelectOfCourse,
            new { CourseId = courseId, Limit = paging.PageSize, paging.Offset })).AsList();
    }

    /// <summary>How many reservations the course has: the pages of <see cref="ListAsync"/> together.</summary>
    public async Task<long> CountAsync(Guid courseId, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(CountOfCourse, new { CourseId = courseId });
    }

    private async Task<string> WhyNoSeatAsync(UnitOfWork work, Guid courseId) =>
        await courses.FindAsync(work, courseId) switch
        {
            null => "unknown course",
            { Withdrawn: true } => "course withdrawn",
            _ => NoSeatsLeft,
        };

    private Task<SeatReservation?> FindAsync(UnitOfWork work, Guid placementId) =>
        work.QuerySingleOrDefaultAsync<SeatReservation>(SelectByPlacement, new { PlacementId = placementId });
}
