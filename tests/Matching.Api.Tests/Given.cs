using System.Globalization;
using System.Text.Json.Nodes;
using Matching.Contracts;
using Matching.Engine;
using Matching.Vocabulary;

namespace Matching.Api.Tests;

/// <summary>
/// What Courses and Employers publish, and what a caseworker asks, with the design's example values;
/// a test changes what it is about with <c>with</c>.
/// </summary>
public static class Given
{
    private static readonly double KmPerDegreeOfLatitude = GreatCircle.EarthRadiusKm * Math.PI / 180;
    private static int spots;

    /// <summary>
    /// A point at least 110 km from every other test's (and far from Duisburg), so that tests sharing one app never
    /// see each other's courses and openings as long as they ask within 100 km.
    /// </summary>
    public static GeoPoint SpotOfItsOwn()
    {
        var n = Interlocked.Increment(ref spots);
        return new GeoPoint(-60 + n % 120, 20 + 2 * (n / 120));
    }

    public static GeoPoint North(this GeoPoint point, double km) => point with { Lat = point.Lat + km / KmPerDegreeOfLatitude };

    public static GeoPoint At(string place)
    {
        var found = Gazetteer.Germany.Find(place) ?? throw new ArgumentException($"{place} is not in the gazetteer");
        return new GeoPoint(found.Lat, found.Lon);
    }

    /// <summary>An integration course, none → B1, January to June 2027, 6 of 20 seats free.</summary>
    public static CourseState Course(GeoPoint at) => new(
        Guid.NewGuid(), 1, "vhs-duisburg", "Integrationskurs (vormittags)", CourseKind.Integration, Level.None, Level.B1,
        at.Lat, at.Lon, false, new DateOnly(2027, 1, 11), new DateOnly(2027, 6, 30), 25, Schedule.Morning, true, 20, 6, false);

    /// <summary>A warehouse job (ISCO 9333) needing B1 from August 2027, 3 positions, at an employer of its own.</summary>
    public static OpeningState Opening(GeoPoint at)
    {
        var id = Guid.NewGuid();
        return new OpeningState(
            id, 1, "rhein-logistik-" + id.ToString("N")[..8], "Lagerhelfer/in", "9333", at.Lat, at.Lon, Level.B1, 3, 3,
            new DateOnly(2027, 8, 1), 38, true, false);
    }

    /// <summary>The employer of <paramref name="opening"/> accepts A2 in occupations 93xx during 2027, for up to 10 people.</summary>
    public static AgreementState Agreement(OpeningState opening) => new(
        Guid.NewGuid(), 1, opening.EmployerId, ["93"], Level.A2, 10, 10, new DateOnly(2027, 1, 1), new DateOnly(2027, 12, 31),
        "Deutsch am Arbeitsplatz, 2 h/Woche");

    /// <summary>A caseworker's query for a person at <paramref name="at"/>, available from <see cref="MatchingApp.Today"/>.</summary>
    public static JsonObject Person(GeoPoint at, string level = "A2") => new()
    {
        ["reference"] = "case-4711",
        ["level"] = level,
        ["location"] = new JsonObject { ["lat"] = at.Lat, ["lon"] = at.Lon },
        ["availableFrom"] = Date(MatchingApp.Today),
    };

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static JsonObject With(this JsonObject query, string field, JsonNode? value)
    {
        query[field] = value;
        return query;
    }

    public static JsonObject Without(this JsonObject query, string field)
    {
        query.Remove(field);
        return query;
    }
}

/// <summary>Reading the <c>suggestions</c> of a <c>/matches</c> answer.</summary>
public static class Suggestions
{
    public static string? Kind(this JsonNode? suggestion) => (string?)suggestion?["kind"];

    public static Guid? CourseId(this JsonNode? suggestion) => (Guid?)suggestion?["course"]?["id"];

    public static Guid? OpeningId(this JsonNode? suggestion) => (Guid?)suggestion?["opening"]?["id"];

    /// <summary>Whether any suggestion names the course or opening with this id.</summary>
    public static bool Mention(this JsonArray suggestions, Guid id) =>
        suggestions.Any(s => s.CourseId() == id || s.OpeningId() == id);

    public static bool Contain(this JsonArray suggestions, string kind, Guid? course = null, Guid? opening = null) =>
        suggestions.Any(s => Is(s, kind, course, opening));

    public static JsonNode Single(this JsonArray suggestions, string kind, Guid? course = null, Guid? opening = null) =>
        Assert.Single(suggestions, s => Is(s, kind, course, opening))!;

    private static bool Is(JsonNode? suggestion, string kind, Guid? course, Guid? opening) =>
        suggestion.Kind() == kind && (course is null || suggestion.CourseId() == course) && (opening is null || suggestion.OpeningId() == opening);
}
