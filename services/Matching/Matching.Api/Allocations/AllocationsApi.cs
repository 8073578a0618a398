using Matching.Api.Matches;
using Matching.Engine;
using Matching.Hosting.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Matching.Api.Allocations;

/// <summary>Places a whole cohort at once, sharing out what the catalog has left.</summary>
public static class AllocationsApi
{
    public const int MaxPeople = 5_000;
    public const double DefaultTimeLimitSeconds = 10;
    public const double MaxTimeLimitSeconds = 60;

    /// <summary>Each person's best suggestions the optimiser considers: a broad request (no occupation, low level)
    /// can allow millions of pathways, and a person far down their own list is rarely the best use of a seat.</summary>
    public const int MaxCandidatesPerPerson = 200;

    public static IServiceCollection AddAllocations(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    public static IEndpointRouteBuilder MapAllocations(this IEndpointRouteBuilder app)
    {
        app.MapPost("/allocations", Allocate)
            .WithName("Allocate")
            .WithSummary("Places a whole cohort: at most one suggestion per person, no course, opening or agreement over capacity; " +
                         "as many people as possible, then the highest total score.");
        return app;
    }

    private static Results<Ok<AllocationResponse>, ValidationProblem> Allocate(AllocateCohortRequest request, Catalog catalog, TimeProvider clock)
    {
        var problems = new Problems();
        var people = request.People ?? [];
        if (people.Length is 0 or > MaxPeople) problems.Add("people", $"must list 1 to {MaxPeople} people");
        var timeLimit = request.TimeLimitSeconds ?? DefaultTimeLimitSeconds;
        if (timeLimit is not (> 0 and <= MaxTimeLimitSeconds)) problems.Add("timeLimitSeconds", $"must be more than 0 and at most {MaxTimeLimitSeconds}");
        if (problems.Any) return problems.ToResult();

        var today = DateOnly.FromDateTime(clock.GetLocalNow().Date);
        var matchRequests = new List<MatchRequest>(people.Length);
        for (var i = 0; i < people.Length; i++)
        {
            if (people[i] is { } person) matchRequests.Add(person.ToMatchRequest(problems, today, $"people[{i}]."));
            else problems.Add($"people[{i}]", "is required");
        }

        if (problems.Any) return problems.ToResult();

        var candidates = matchRequests.Select(IReadOnlyList<Suggestion> (matchRequest) => Matcher.Candidates(catalog, matchRequest, MaxCandidatesPerPerson)).ToList();
        var allocation = Cohort.Allocate(candidates, TimeSpan.FromSeconds(timeLimit), clock);
        return TypedResults.Ok(AllocationResponse.From(matchRequests.ConvertAll(matchRequest => matchRequest.Reference), allocation));
    }
}
