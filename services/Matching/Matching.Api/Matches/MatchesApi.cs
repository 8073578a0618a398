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
            .WithName("Match")
            .WithSummary("Placement suggestions for one person: jobs, course-then-job pathways and courses, best first.");
        return app;
    }

    private static Results<Ok<MatchesResponse>, ValidationProblem> Match(FindMatchesRequest request, Catalog catalog, TimeProvider clock)
    {
        var problems = new Problems();
        var matchRequest = request.ToMatchRequest(problems, DateOnly.FromDateTime(clock.GetLocalNow().Date));
        if (problems.Any) return problems.ToResult();
        return TypedResults.Ok(MatchesResponse.From(Matcher.Match(catalog, matchRequest)));
    }
}
