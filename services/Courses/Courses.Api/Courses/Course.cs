using Matching.Contracts;
using Matching.Vocabulary;

namespace Courses.Api.Courses;

/// <summary>
/// A course as stored: one row of <c>courses</c>. Settable properties rather than a positional
/// record, so Dapper can read SQLite's integers into <c>int</c> and <c>bool</c>.
/// </summary>
public sealed record Course
{
    public Guid Id { get; init; }
    public long Version { get; init; }
    public string ProviderId { get; init; } = "";
    public string Title { get; init; } = "";
    public CourseKind Kind { get; init; }
    public Level LevelFrom { get; init; }
    public Level LevelTo { get; init; }
    public double? Lat { get; init; }
    public double? Lon { get; init; }
    public string? Place { get; init; }
    public string? PostalCode { get; init; }
    public string? Address { get; init; }
    public bool Online { get; init; }
    public DateOnly StartsOn { get; init; }
    public DateOnly EndsOn { get; init; }
    public int HoursPerWeek { get; init; }
    public Schedule Schedule { get; init; }
    public bool Childcare { get; init; }
    public int SeatsTotal { get; init; }
    /// <summary>Seats the provider filled itself, outside the system.</summary>
    public int SeatsTakenOutside { get; init; }
    /// <summary>Seats held for placements: one per held seat reservation, changed only by reserving and releasing.</summary>
    public int SeatsReserved { get; init; }
    public bool Withdrawn { get; init; }
    /// <summary>How to sign up: the provider's phone, e-mail and web page, each optional.</summary>
    public string? ContactPhone { get; init; }
    public string? ContactEmail { get; init; }
    public string? ContactUrl { get; init; }

    /// <summary>A method, not a property: Dapper binds every property of the record as a parameter.</summary>
    public CourseContact? Contact() => ContactPhone is null && ContactEmail is null && ContactUrl is null
        ? null
        : new CourseContact(ContactPhone, ContactEmail, ContactUrl);

    /// <summary>What a placement can take: whatever neither the provider nor a placement holds. Never stored on its own.</summary>
    public int SeatsFree => SeatsTotal - SeatsTakenOutside - SeatsReserved;

    /// <summary>What the events carry to the other services.</summary>
    public CourseState ToState() => new(Id, Version, ProviderId, Title, Kind, LevelFrom, LevelTo, Lat, Lon, Online,
        StartsOn, EndsOn, HoursPerWeek, Schedule, Childcare, SeatsTotal, SeatsFree, Withdrawn, Contact());
}

/// <summary>A course as the API shows it; its free seats are <c>seatsTotal − seatsTakenOutside − seatsReserved</c>.</summary>
public sealed record CourseResponse(
    Guid Id,
    long Version,
    string ProviderId,
    string Title,
    CourseKind Kind,
    Level LevelFrom,
    Level LevelTo,
    LocationResponse? Location,
    bool Online,
    DateOnly StartsOn,
    DateOnly EndsOn,
    int HoursPerWeek,
    Schedule Schedule,
    bool Childcare,
    int SeatsTotal,
    int SeatsFree,
    bool Withdrawn,
    int SeatsTakenOutside,
    int SeatsReserved,
    CourseContact? Contact)
{
    public static CourseResponse From(Course course) => new(course.Id, course.Version, course.ProviderId, course.Title,
        course.Kind, course.LevelFrom, course.LevelTo,
        course is { Lat: { } lat, Lon: { } lon } ? new LocationResponse(lat, lon, course.Place, course.PostalCode, course.Address) : null,
        course.Online, course.StartsOn, course.EndsOn, course.HoursPerWeek, course.Schedule, course.Childcare,
        course.SeatsTotal, course.SeatsFree, course.Withdrawn, course.SeatsTakenOutside, course.SeatsReserved, course.Contact());
}

public sealed record LocationResponse(double Lat, double Lon, string? Place, string? PostalCode, string? Address);
