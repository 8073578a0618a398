using System.Text.Json.Serialization;

namespace Courses.Api.Reservations;

public enum ReservationState
{
    [JsonStringEnumMemberName("held")] Held,
    [JsonStringEnumMemberName("refused")] Refused,
    [JsonStringEnumMemberName("released")] Released,
}

/// <summary>A seat reservation as stored: one row of <c>seat_reservations</c>, for one placement.</summary>
public sealed record SeatReservation
{
    public Guid PlacementId { get; init; }
    public Guid CourseId { get; init; }
    public ReservationState State { get; init; }
    /// <summary>Why the seat was refused; null otherwise.</summary>
    public string? Reason { get; init; }
    public DateTimeOffset ChangedAt { get; init; }
}

/// <summary>
/// A seat reservation as its course's provider sees it: which placement, and whether it holds the seat. The placement's
/// id is all the service knows of it; who the person is stays with the Matching service's caseworkers.
/// </summary>
public sealed record SeatReservationResponse(Guid PlacementId, ReservationState State, DateTimeOffset ChangedAt)
{
    public static SeatReservationResponse From(SeatReservation reservation) =>
        new(reservation.PlacementId, reservation.State, reservation.ChangedAt);
}
