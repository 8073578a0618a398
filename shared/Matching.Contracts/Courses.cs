using Matching.Vocabulary;

namespace Matching.Contracts;

// Every event carries the aggregate's whole state and its version (event-carried state transfer):
// a consumer that sees a newer version simply replaces what it holds, so redelivery and
// out-of-order delivery are harmless.

/// <summary>A course as its provider published it; <c>Lat</c>/<c>Lon</c> are null for an online course without a place.</summary>
public sealed record CourseState(
    Guid Id,
    long Version,
    string ProviderId,
    string Title,
    CourseKind Kind,
    Level LevelFrom,
    Level LevelTo,
    double? Lat,
    double? Lon,
    bool Online,
    DateOnly StartsOn,
    DateOnly EndsOn,
    int HoursPerWeek,
    Schedule Schedule,
    bool Childcare,
    int SeatsTotal,
    int SeatsFree,
    bool Withdrawn,
    CourseContact? Contact = null);

/// <summary>How to sign up for a course: the provider's phone, e-mail or web page, each optional. Added after the first
/// release, last in <see cref="CourseState"/>, so messages written before it still read (as no contact).</summary>
public sealed record CourseContact(string? Phone, string? Email, string? Url);

public sealed record CoursePublished(CourseState Course);

public sealed record CourseSeatsChanged(CourseState Course);

public sealed record CourseWithdrawn(CourseState Course);
