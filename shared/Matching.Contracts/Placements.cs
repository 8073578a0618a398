namespace Matching.Contracts;

// A placement reserves, across services, what a caseworker's accepted suggestion needs: the Matching
// service asks for a course seat (Courses) and a job position (Employers), each service answers with
// an event, and the Matching service gives back what it no longer needs. Every message carries the
// placement's id: the services keep one reservation per placement, so the same command twice is
// answered the same and changes nothing.

/// <summary>Take one free seat of the course for the placement; <c>RequestedBy</c> is the caseworker who asked for it.</summary>
public sealed record ReserveSeat(Guid PlacementId, Guid CourseId, Actor? RequestedBy = null);

public sealed record SeatReserved(Guid PlacementId, Guid CourseId);

/// <summary>No seat was taken; <c>Reason</c> says why, e.g. "no seats left".</summary>
public sealed record SeatRefused(Guid PlacementId, Guid CourseId, string Reason);

/// <summary>Give the placement's seat back, if it holds one.</summary>
public sealed record ReleaseSeat(Guid PlacementId, Guid CourseId);

public sealed record SeatReleased(Guid PlacementId, Guid CourseId);

/// <summary>Hold one position of the opening for the placement and, with an agreement, one unit of its quota: both or neither;
/// <c>RequestedBy</c> is the caseworker who asked for it.</summary>
public sealed record HoldPosition(Guid PlacementId, Guid OpeningId, Guid? AgreementId, Actor? RequestedBy = null);

public sealed record PositionHeld(Guid PlacementId, Guid OpeningId, Guid? AgreementId);

/// <summary>Nothing was held; <c>Reason</c> says why, e.g. "no positions left" or "agreement quota used up".</summary>
public sealed record PositionRefused(Guid PlacementId, Guid OpeningId, Guid? AgreementId, string Reason);

/// <summary>Give the placement's position (and its unit of quota) back, if it holds one.</summary>
public sealed record ReleasePosition(Guid PlacementId, Guid OpeningId);

public sealed record PositionReleased(Guid PlacementId, Guid OpeningId);
