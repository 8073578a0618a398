using Matching.Api.Reports;
using Matching.Engine;
using Matching.Hosting.Http;
using Matching.Hosting.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Matching.Api.Matches;

/// <summary>Suggestions for one person, read from the catalog the projections keep; for caseworkers.</summary>
public static class MatchesApi
{
    public static IServiceCollection AddMatches(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    public static IEndpointRouteBuilder MapMatches(this IEndpointRouteBuilder app)
    {
        app.MapPost("/matches", Match)
            .RequireRoles(Roles.Caseworker)
            .WithTag("Matches", "Suggestions for one person: jobs, courses, and courses that lead to jobs, scored and explained")
            .WithName("Match")
            .WithSummary("Placement suggestions for one person: jobs, course-then-job pathways and courses, best first.");
        return app;
    }

    private static Results<Ok<MatchesResponse>, ValidationProblem> Match(FindMatchesRequest request, Catalog catalog, TimeProvider clock, MatchCounter counter)
    {
        var problems = new Problems();
        var today = DateOnly.FromDateTime(clock.GetLocalNow().Date);
        var matchRequest = request.ToMatchRequest(problems, today);
        if (problems.Any) return problems.ToResult();
        var result = Matcher.Match(catalog, matchRequest);
        // The city's figures: counted per cell, nothing of the person kept; never fails the answer.
        counter.Count(catalog, matchRequest, result, today);
        return TypedResults.Ok(MatchesResponse.From(result));
    }
}
