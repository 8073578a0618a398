using Matching.Api.Matches;
using Matching.Engine;
using Matching.Hosting.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Matching.Api.Allocations;

/// <summary>A cohort to place at once: one match query per person, and how long the optimiser may think.</summary>
public sealed record AllocationQuery(MatchQuery[]? People, double? TimeLimitSeconds);

public sealed record Assignment(string Reference, Suggestion? Suggestion);

public sealed record GreedyResult(int Placed, double Objective);

/// <param name="Objective">(people + 1) · placed + Σ score: a placement outweighs any score total.</param>
/// <param name="Bound">Proven upper bound on <paramref name="Objective"/>; equal to it when <paramref name="Optimal"/>.</param>
/// <param name="Greedy">First come, best suggestion first: what the cohort would get without optimising.</param>
public sealed record AllocationAnswer(
    IReadOnlyList<Assignment> Assignments, int Placed, double Objective, double Bound, bool Optimal, GreedyResult Greedy);

public static class AllocationsApi
{
    public const int MaxPeople = 5_000;
    public const double DefaultTimeLimitSeconds = 10;
    public const double MaxTimeLimitSeconds = 60;

    /// <summary>Each person's best suggestions the optimiser considers: a broad request (no occupation, low level)
    /// can allow millions of pathways, and a person far down their own list is rarely the best use of a seat.</summary>
    public const int MaxCandidatesPerPerson = 200;

    public static IEndpointRouteBuilder MapAllocations(this IEndpointRouteBuilder app)
    {
        app.MapPost("/allocations", Allocate)
            .WithName("Allocate")
            .WithSummary("Places a whole cohort: at most one suggestion per person, no course, opening or agreement over capacity; " +
                         "as many people as possible, then the highest total score.");
        return app;
    }

    private static Results<Ok<AllocationAnswer>, ValidationProblem> Allocate(AllocationQuery query, Catalog catalog, TimeProvider clock)
    {
        var problems = new Problems();
        var people = query.People ?? [];
        if (people.Length is 0 or > MaxPeople) problems.Add("people", $"must list 1 to {MaxPeople} people");
        var timeLimit = query.TimeLimitSeconds ?? DefaultTimeLimitSeconds;
        if (timeLimit is not (> 0 and <= MaxTimeLimitSeconds)) problems.Add("timeLimitSeconds", $"must be more than 0 and at most {MaxTimeLimitSeconds}");
        if (problems.Any) return problems.ToResult();

        var today = DateOnly.FromDateTime(clock.GetLocalNow().Date);
        var requests = new List<MatchRequest>(people.Length);
        for (var i = 0; i < people.Length; i++)
        {
            if (people[i] is { } person) requests.Add(person.ToRequest(problems, today, $"people[{i}]."));
            else problems.Add($"people[{i}]", "is required");
        }

        if (problems.Any) return problems.ToResult();

        var candidates = requests.Select(IReadOnlyList<Suggestion> (request) => Matcher.Candidates(catalog, request, MaxCandidatesPerPerson)).ToList();
        var allocation = Cohort.Allocate(candidates, TimeSpan.FromSeconds(timeLimit));
        return TypedResults.Ok(new AllocationAnswer(
            requests.Select((request, i) => new Assignment(request.Reference, allocation.Assignments[i])).ToList(),
            allocation.Placed, allocation.Objective, allocation.Bound, allocation.Optimal,
            new GreedyResult(allocation.Greedy.Placed, allocation.Greedy.Objective)));
    }
}
