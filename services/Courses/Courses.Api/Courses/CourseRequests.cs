using System.ComponentModel.DataAnnotations;
using Matching.Hosting.Http;
using Matching.Vocabulary;

namespace Courses.Api.Courses;

/// <summary>A provider publishes a course. Every field is nullable, so a missing one is reported rather than defaulted.</summary>
public sealed record PublishCourseRequest(
    [property: Required] string? ProviderId,
    [property: Required] string? Title,
    [property: Required] CourseKind? Kind,
    [property: Required] Level? LevelFrom,
    [property: Required] Level? LevelTo,
    LocationInput? Location,
    bool? Online,
    [property: Required] DateOnly? StartsOn,
    [property: Required] DateOnly? EndsOn,
    [property: Required] int? HoursPerWeek,
    [property: Required] Schedule? Schedule,
    bool? Childcare,
    [property: Required] int? SeatsTotal,
    [property: Required] int? SeatsFree,
    ContactInput? Contact = null)
{
    public const int MaxProviderIdLength = 100;

    /// <summary>Far above any real class (at most ~25); catches typos such as 2000 for 20.</summary>
    public const int MaxSeats = 1000;

    /// <summary>The course to store as version 1, or null with what is wrong in <paramref name="problems"/>.</summary>
    public Course? ToCourse(Problems problems)
    {
        var online = Online ?? false;
        var coordinates = problems.Location(Location, "location", required: !online);
        var course = new Course
        {
            Id = Guid.CreateVersion7(),
            Version = 1,
            ProviderId = problems.Id(ProviderId, "providerId", MaxProviderIdLength),
            Title = problems.Text(Title, "title", 200),
            Kind = problems.Required(Kind, "kind"),
            LevelFrom = problems.Required(LevelFrom, "levelFrom"),
            LevelTo = problems.Required(LevelTo, "levelTo"),
            Lat = coordinates?.Lat,
            Lon = coordinates?.Lon,
            Place = Trimmed(Location?.Place),
            PostalCode = Trimmed(Location?.PostalCode),
            Address = Trimmed(Location?.Address),
            Online = online,
            StartsOn = problems.Date(StartsOn, "startsOn"),
            EndsOn = problems.Date(EndsOn, "endsOn"),
            HoursPerWeek = problems.Range(HoursPerWeek, "hoursPerWeek", 1, 60),
            Schedule = problems.Required(Schedule, "schedule"),
            Childcare = Childcare ?? false,
            SeatsTotal = problems.Range(SeatsTotal, "seatsTotal", 1, MaxSeats),
            // Every seat not published as free the provider filled itself: none is reserved through the system yet.
            SeatsTakenOutside = (SeatsTotal ?? 0) - problems.Range(SeatsFree, "seatsFree", 0, MaxSeats),
            ContactPhone = problems.OptionalText(Contact?.Phone, "contact.phone", 50),
            ContactEmail = problems.OptionalText(Contact?.Email, "contact.email", 200),
            ContactUrl = problems.OptionalText(Contact?.Url, "contact.url", 500),
        };

        if (course.ContactEmail is { } email && (!email.Contains('@') || email.Any(char.IsWhiteSpace)))
            problems.Add("contact.email", "must be an e-mail address");
        if (course.ContactUrl is { } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
            problems.Add("contact.url", "must be an http or https address");

        // Lifted comparisons are false when a side is missing, which is reported above already.
        if (LevelTo <= LevelFrom) problems.Add("levelTo", "must be above levelFrom");
        if (EndsOn < StartsOn) problems.Add("endsOn", "must not be before startsOn");
        if (SeatsFree > SeatsTotal) problems.Add("seatsFree", "must not be more than seatsTotal");
        return problems.Any ? null : course;
    }

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>How to sign up for the course, each part optional: <c>{ "phone": "0203 1234", "email": "kurse@vhs.de", "url": "https://vhs.de" }</c>.</summary>
public sealed record ContactInput(string? Phone, string? Email, string? Url);

/// <summary>
/// A provider publishes what it knows of a course's seats: how many are free as it sees them (<c>seatsFree</c>, the
/// body it always sent) or how many it filled itself (<c>seatsTakenOutside</c>), and <c>seatsTotal</c> if the course now
/// has more or fewer. The seats reserved through the system are not the provider's to set: free seats it publishes are
/// the course's free seats, and what is neither free nor reserved counts as taken outside.
/// </summary>
public sealed record PublishFreeSeatsRequest(int? SeatsFree, int? SeatsTakenOutside = null, int? SeatsTotal = null)
{
    /// <summary>
    /// The course with the provider's seats, or null with what is wrong in <paramref name="problems"/> (a 400: wrong for any
    /// course) or in <paramref name="conflicts"/> (a 409: it leaves no room for the seats reserved now).
    /// </summary>
    public Course? ToSeats(Course course, Problems problems, Problems conflicts)
    {
        var total = SeatsTotal is null ? course.SeatsTotal : problems.Range(SeatsTotal, "seatsTotal", 1, PublishCourseRequest.MaxSeats);
        if (SeatsFree is not null && SeatsTakenOutside is not null)
            problems.Add("seatsTakenOutside", "must be left out when seatsFree is given");
        if (SeatsFree is null && SeatsTakenOutside is null && SeatsTotal is null)
            problems.Add("seatsFree", "is required (or seatsTakenOutside, or seatsTotal)");
        var free = SeatsFree is null ? 0 : problems.Range(SeatsFree, "seatsFree", 0, total);
        var outside = SeatsTakenOutside is null ? course.SeatsTakenOutside : problems.Range(SeatsTakenOutside, "seatsTakenOutside", 0, total);
        if (problems.Any) return null;

        var reserved = course.SeatsReserved;
        if (SeatsFree is not null) outside = total - reserved - free;
        if (outside >= 0 && outside + reserved <= total) return course with { SeatsTotal = total, SeatsTakenOutside = outside };

        if (SeatsFree is not null || SeatsTakenOutside is not null)
            conflicts.Add(SeatsFree is not null ? "seatsFree" : "seatsTakenOutside",
                $"must be at most {total - reserved}: {reserved} of the {total} seats are reserved through the system");
        else
            conflicts.Add("seatsTotal",
                $"must be at least {outside + reserved}: {outside} seats are taken outside and {reserved} reserved through the system");
        return null;
    }
}
