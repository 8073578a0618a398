using Courses.Api.Courses;
using Matching.Contracts;
using Matching.Hosting.Data;

namespace Courses.Api.Reservations;

public enum ReservationState
{
    Held,
    Refused,
    Released,
}

/// <summary>
/// The seats held for placements: one row of <c>seat_reservations</c> per placement. Everything runs in the
/// caller's unit of work, together with the course's new state (so /matches stops offering a full course)
/// and the answer to the Matching service.
/// </summary>
public sealed class SeatReservations(CourseRepository courses)
{
    public const string NoSeatsLeft = "no seats left";

    private const string SelectByPlacement = """
        select placement_id as PlacementId, course_id as CourseId, state as State, reason as Reason
        from seat_reservations
        where placement_id = @PlacementId
        """;

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

    private async Task<string> WhyNoSeatAsync(UnitOfWork work, Guid courseId) =>
        await courses.FindAsync(work, courseId) switch
        {
            null => "unknown course",
            { Withdrawn: true } => "course withdrawn",
            _ => NoSeatsLeft,
        };

    private Task<Reservation?> FindAsync(UnitOfWork work, Guid placementId) =>
        work.QuerySingleOrDefaultAsync<Reservation>(SelectByPlacement, new { PlacementId = placementId });

    private sealed class Reservation
    {
        public Guid PlacementId { get; init; }
        public Guid CourseId { get; init; }
        public ReservationState State { get; init; }
        public string? Reason { get; init; }
    }
}
