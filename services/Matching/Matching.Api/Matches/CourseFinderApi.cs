using System.Text.Json;
using Dapper;
using Matching.Contracts;
using Matching.Engine;
using Matching.Hosting.Data;
using Matching.Hosting.Http;
using Matching.Hosting.Messaging;
using Matching.Hosting.Security;
using Matching.Vocabulary;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Matching.Api.Matches;

/// <summary>
/// The public course finder: anyone, signed in or not (rate-limited), asks which courses near a place have free seats
/// for their level. It answers with courses only — never openings, agreements or anything about people.
/// </summary>
public static class CourseFinderApi
{
    public const int MaxLimit = 50;

    private const int MaxPlaceLength = 100;

    public static IEndpointRouteBuilder MapCourseFinder(this IEndpointRouteBuilder app)
    {
        app.MapGet("/finder/courses", FindAsync)
            .AllowAnyone()
            .WithName("FindCourses")
            .WithSummary("Public course finder: courses with free seats near a place, for a level, nearest and soonest first.");
        return app;
    }

    private static async Task<Results<Ok<IReadOnlyList<FoundCourse>>, ValidationProblem>> FindAsync(
        string? place, string? level, bool? childcare, string? schedule, double? maxDistanceKm, int? limit,
        Catalog catalog, Db db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var problems = new Problems();
        var name = problems.Text(place, "place", MaxPlaceLength);
        var at = name.Length is > 0 and <= MaxPlaceLength ? Gazetteer.Germany.Find(name) : null;
        if (name.Length is > 0 and <= MaxPlaceLength && at is null) problems.Add("place", "is not a known place");
        var personLevel = Parse<Level>(level, "level", problems) ?? Level.None;
        var schedules = Parse<Schedule>(schedule, "schedule", problems) is { } one ? new[] { one } : [];
        var km = maxDistanceKm ?? FindMatchesRequest.DefaultMaxDistanceKm;
        if (km is not (> 0 and <= 100)) problems.Add("maxDistanceKm", "must be more than 0 and at most 100");
        var count = limit ?? 20;
        if (count is < 1 or > MaxLimit) problems.Add("limit", $"must be between 1 and {MaxLimit}");
        if (problems.Any) return problems.ToResult();

        var request = new MatchRequest("course-finder", personLevel, at!.Value, km, DateOnly.FromDateTime(clock.GetLocalNow().Date),
            schedules, childcare ?? false, [], MaxCandidates);
        // Courses alone: the pathways and jobs among the candidates are dropped here, before anything is answered.
        var courses = Matcher.Candidates(catalog, request, MaxCandidates)
            .Where(suggestion => suggestion is { Kind: Engine.SuggestionKind.Course, Course: not null })
            .Take(count)
            .ToList();
        var details = await DetailsAsync(db, courses.Select(suggestion => suggestion.Course!.Id).ToArray(), cancellationToken);
        IReadOnlyList<FoundCourse> found = courses
            .Select(suggestion => FoundCourse.From(suggestion.Course!, suggestion.CourseKm, details.GetValueOrDefault(suggestion.Course!.Id)))
            .ToList();
        return TypedResults.Ok(found);
    }

    /// <summary>Enough to find courses among the jobs and pathways a broad request also yields.</summary>
    private const int MaxCandidates = 500;

    /// <summary>What the engine does not keep: the kind, the hours and the provider's contact, as the last event carried them.</summary>
    private static async Task<Dictionary<Guid, CourseState>> DetailsAsync(Db db, Guid[] ids, CancellationToken cancellationToken)
    {
        if (ids.Length == 0) return [];
        await using var connection = await db.OpenAsync(cancellationToken);
        var states = new Dictionary<Guid, CourseState>();
        foreach (var id in ids)
        {
            var json = await connection.QuerySingleOrDefaultAsync<string>(StateOfCourse, new { Id = id });
            if (json is null) continue;
            try
            {
                if (JsonSerializer.Deserialize<CourseState>(json, MessageJson.Options) is { } state) states[id] = state;
            }
            catch (JsonException)
            {
                // The catalog skipped or replaced such a row already; the course is shown without the details.
            }
        }

        return states;
    }

    private const string StateOfCourse = "select state from courses where id = @Id";

    private static T? Parse<T>(string? text, string field, Problems problems) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var trimmed = text.Trim();
        if (trimmed.Length <= 20 && !char.IsAsciiDigit(trimmed[0]) && trimmed[0] != '-' && Enum.TryParse<T>(trimmed.Replace("-", ""), ignoreCase: true, out var value))
            return value;
        problems.Add(field, "must be one of " + string.Join(", ", Enum.GetNames<T>().Select(Name)));
        return null;
    }

    /// <summary>As the API writes it: <c>A1</c>, <c>none</c>, <c>morning</c>.</summary>
    private static string Name(string enumName) => enumName.Length == 2 ? enumName : enumName.ToLowerInvariant();
}

/// <summary>One course the finder shows: what a person needs to decide and to sign up.</summary>
/// <param name="DistanceKm">From the place asked about, rounded to 0.1 km; null for an online course.</param>
public sealed record FoundCourse(
    Guid Id,
    string Title,
    string ProviderId,
    CourseKind? Kind,
    Level LevelFrom,
    Level LevelTo,
    DateOnly StartsOn,
    DateOnly EndsOn,
    int? HoursPerWeek,
    Schedule Schedule,
    bool Childcare,
    bool Online,
    double? DistanceKm,
    int SeatsFree,
    CourseContact? Contact)
{
    public static FoundCourse From(Engine.Course course, double? km, CourseState? state) => new(
        course.Id, course.Title, course.ProviderId, state?.Kind, course.LevelFrom, course.LevelTo, course.StartsOn, course.EndsOn,
        state?.HoursPerWeek, course.Schedule, course.Childcare, course.Online, km is { } d ? Math.Round(d, 1) : null,
        course.SeatsFree, state?.Contact);
}
