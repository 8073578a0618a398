using Matching.Engine;
using Matching.Hosting.Http;
using Matching.Vocabulary;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Matching.Api.Matches;

/// <summary>A caseworker's question: what fits this person? Only <c>reference</c>, <c>level</c> and <c>location</c> are required.</summary>
public sealed record MatchQuery(
    string? Reference,
    Level? Level,
    LocationInput? Location,
    double? MaxDistanceKm,
    DateOnly? AvailableFrom,
    Schedule[]? Schedules,
    bool? NeedsChildcare,
    string[]? Occupations,
    int? Limit);

public static class MatchesApi
{
    public const double DefaultMaxDistanceKm = 25;
    public const int DefaultLimit = 10;
    public const int MaxLimit = 500;

    public static IEndpointRouteBuilder MapMatches(this IEndpointRouteBuilder app)
    {
        app.MapPost("/matches", Match)
            .WithName("Match")
            .WithSummary("Placement suggestions for one person: jobs, course-then-job pathways and courses, best first.");
        return app;
    }

    private static Results<Ok<MatchResult>, ValidationProblem> Match(MatchQuery query, Catalog catalog, TimeProvider clock)
    {
        var problems = new Problems();
        var request = query.ToRequest(problems, DateOnly.FromDateTime(clock.GetLocalNow().Date));
        if (problems.Any) return problems.ToResult();
        return TypedResults.Ok(Matcher.Match(catalog, request));
    }

    /// <summary>Validates a query field by field and fills in the defaults.</summary>
    public static MatchRequest ToRequest(this MatchQuery query, Problems problems, DateOnly today, string prefix = "")
    {
        var reference = problems.Text(query.Reference, prefix + "reference", 100);
        var level = problems.Required(query.Level, prefix + "level");
        var place = problems.Location(query.Location, prefix + "location");
        var maxDistanceKm = query.MaxDistanceKm ?? DefaultMaxDistanceKm;
        if (maxDistanceKm is not (> 0 and <= 1000)) problems.Add(prefix + "maxDistanceKm", "must be more than 0 and at most 1000");
        var limit = query.Limit ?? DefaultLimit;
        if (limit is < 1 or > MaxLimit) problems.Add(prefix + "limit", $"must be between 1 and {MaxLimit}");
        var schedules = query.Schedules ?? [];
        if (schedules.Length > 4) problems.Add(prefix + "schedules", "must list at most 4 schedules");
        var occupations = query.Occupations ?? [];
        if (occupations.Length > 50) problems.Add(prefix + "occupations", "must list at most 50 occupations");
        else for (var i = 0; i < occupations.Length; i++) problems.Occupation(occupations[i], $"{prefix}occupations[{i}]");

        return new MatchRequest(
            reference,
            level,
            place is { } p ? new GeoPoint(p.Lat, p.Lon) : default,
            maxDistanceKm,
            query.AvailableFrom ?? today,
            schedules.Distinct().ToArray(),
            query.NeedsChildcare ?? false,
            occupations.Select(o => o?.Trim() ?? "").Distinct().ToArray(),
            limit);
    }
}
