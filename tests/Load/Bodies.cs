using System.Text.Json;
using System.Text.Json.Serialization;
using Matching.Engine;
using Matching.Vocabulary;

namespace Load;

/// <summary>The JSON bodies the APIs take, made from the engine's model where the data comes from the benchmark's country.</summary>
public static class Bodies
{
    /// <summary>camelCase, enums by their API names (<c>job-related</c>, <c>A2</c>), dates as <c>YYYY-MM-DD</c>.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Spots in the North Sea, far from every place of the gazetteer, where a scenario puts what it looks for, so
    /// that a query within 2 km of one finds that and nothing of the demo data or the country.</summary>
    public static class Spots
    {
        public static readonly GeoPoint Freshness = new(54.70, 6.90);
        public static readonly GeoPoint Ingestion = new(54.70, 6.50);
        public static readonly GeoPoint Placements = new(54.70, 6.10);
        public static readonly GeoPoint Country = new(54.70, 5.70);
    }

    public static object Course(string providerId, GeoPoint at, int seatsTotal, int seatsFree, string title = "Lasttest: Integrationskurs") => new
    {
        providerId, title, kind = CourseKind.Integration, levelFrom = Level.None, levelTo = Level.B1,
        location = new { lat = at.Lat, lon = at.Lon }, online = false,
        startsOn = new DateOnly(2027, 3, 1), endsOn = new DateOnly(2027, 8, 31), hoursPerWeek = 25,
        schedule = Schedule.Morning, childcare = false, seatsTotal, seatsFree,
    };

    /// <summary>A course of the benchmark's country, published by <paramref name="providerId"/>.</summary>
    public static object Course(Course course, string providerId) => new
    {
        providerId, title = course.Title, kind = course.Kind, levelFrom = course.LevelFrom, levelTo = course.LevelTo,
        location = course.At is { } at ? new { lat = at.Lat, lon = at.Lon } : null, online = course.Online,
        startsOn = course.StartsOn, endsOn = course.EndsOn, hoursPerWeek = 20, schedule = course.Schedule,
        childcare = course.Childcare, seatsTotal = Math.Max(course.SeatsFree, 25), seatsFree = course.SeatsFree,
    };

    public static object Opening(string employerId, GeoPoint at, int positions, string occupation = "9333", Level minLevel = Level.A2,
        string title = "Lasttest: Lagerhelfer/in") => new
    {
        employerId, title, occupation, location = new { lat = at.Lat, lon = at.Lon }, minLevel, positions,
        startsOn = new DateOnly(2027, 9, 1), hoursPerWeek = 38, languageSupport = false,
    };

    /// <summary>An opening of the benchmark's country, posted by <paramref name="employerId"/>.</summary>
    public static object Opening(Opening opening, string employerId) => new
    {
        employerId, title = opening.Title, occupation = opening.Occupation, location = new { lat = opening.At.Lat, lon = opening.At.Lon },
        minLevel = opening.MinLevel, positions = opening.PositionsLeft, startsOn = opening.StartsOn, hoursPerWeek = 38,
        languageSupport = opening.LanguageSupport,
    };

    public static object Agreement(Agreement agreement) => new
    {
        employerId = agreement.EmployerId, occupations = agreement.Occupations, minLevel = agreement.MinLevel, quota = agreement.QuotaLeft,
        validFrom = agreement.ValidFrom, validTo = agreement.ValidTo, languageSupport = agreement.LanguageSupport,
    };

    /// <summary>A person who finds, within 2 km of <paramref name="at"/>, what a scenario put there.</summary>
    public static object PersonAt(GeoPoint at, string reference, Level level = Level.None, string[]? occupations = null) => new
    {
        reference, level, location = new { lat = at.Lat, lon = at.Lon }, maxDistanceKm = 2,
        availableFrom = new DateOnly(2027, 1, 1), occupations = occupations ?? [], limit = 500,
    };
}
