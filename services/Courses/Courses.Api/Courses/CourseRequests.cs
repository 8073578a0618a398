using Matching.Hosting.Http;
using Matching.Vocabulary;

namespace Courses.Api.Courses;

/// <summary>A provider publishes a course. Every field is nullable, so a missing one is reported rather than defaulted.</summary>
public sealed record PublishCourseRequest(
    string? ProviderId,
    string? Title,
    CourseKind? Kind,
    Level? LevelFrom,
    Level? LevelTo,
    LocationInput? Location,
    bool? Online,
    DateOnly? StartsOn,
    DateOnly? EndsOn,
    int? HoursPerWeek,
    Schedule? Schedule,
    bool? Childcare,
    int? SeatsTotal,
    int? SeatsFree)
{
    public const int MaxProviderIdLength = 100;

    /// <summary>Far above any real class (at most ~25); catches typos such as 2000 for 20.</summary>
    private const int MaxSeats = 1000;

    /// <summary>The course to store as version 1, or null with what is wrong in <paramref name="problems"/>.</summary>
    public Course? ToCourse(Problems problems)
    {
        var online = Online ?? false;
        var coordinates = problems.Location(Location, "location", required: !online);
        var course = new Course
        {
            Id = Guid.CreateVersion7(),
            Version = 1,
            ProviderId = problems.Text(ProviderId, "providerId", MaxProviderIdLength),
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
            StartsOn = problems.Required(StartsOn, "startsOn"),
            EndsOn = problems.Required(EndsOn, "endsOn"),
            HoursPerWeek = problems.Range(HoursPerWeek, "hoursPerWeek", 1, 60),
            Schedule = problems.Required(Schedule, "schedule"),
            Childcare = Childcare ?? false,
            SeatsTotal = problems.Range(SeatsTotal, "seatsTotal", 1, MaxSeats),
            SeatsFree = problems.Range(SeatsFree, "seatsFree", 0, MaxSeats),
        };

        // Lifted comparisons are false when a side is missing, which is reported above already.
        if (LevelTo <= LevelFrom) problems.Add("levelTo", "must be above levelFrom");
        if (EndsOn < StartsOn) problems.Add("endsOn", "must not be before startsOn");
        if (SeatsFree > SeatsTotal) problems.Add("seatsFree", "must not be more than seatsTotal");
        return problems.Any ? null : course;
    }

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>A provider publishes how many places of a course are free now.</summary>
public sealed record PublishFreeSeatsRequest(int? SeatsFree);
