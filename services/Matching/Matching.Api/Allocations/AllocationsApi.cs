using System.Threading.RateLimiting;
using Matching.Api.Matches;
using Matching.Api.Telemetry;
using Matching.Engine;
using Matching.Hosting.Http;
using Matching.Hosting.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Matching.Api.Allocations;

/// <summary>Places a whole cohort at once, sharing out what the catalog has left; for caseworkers.</summary>
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
        services.AddOptions<AllocationGateOptions>().BindConfiguration("Allocations");
        services.AddSingleton<AllocationGate>();
        return services;
    }

    public static IEndpointRouteBuilder MapAllocations(this IEndpointRouteBuilder app)
    {
        app.MapPost("/allocations", Allocate)
            .RequireRoles(Roles.Caseworker)
            .WithTag("Allocations", "A whole cohort placed at once, seats and positions shared fairly and optimally")
            .WithName("Allocate")
            .WithSummary("Places a whole cohort: at most one suggestion per person, no course, opening or agreement over capacity; " +
                         "as many people as possible, then as many on their first choice, their second, …, then the highest total score.")
            .WithDescription("The time limit bounds the whole request: waiting for a turn, drawing candidates and optimising. " +
                             "When it runs out, the answer shares out what was found by then (never worse than first come, first served) " +
                             "and says optimal: false. Too many allocations at once: 429; the time limit ran out while waiting: 503; both with Retry-After.");
        return app;
    }

    private static async Task<Results<Ok<AllocationResponse>, ValidationProblem, ProblemHttpResult>> Allocate(
        AllocateCohortRequest request, Catalog catalog, TimeProvider clock, AllocationGate gate, MatchingMetrics metrics, HttpContext context)
    {
        var started = clock.GetTimestamp();
        var problems = new Problems();
        var people = request.People ?? [];
        if (people.Length is 0 or > MaxPeople) problems.Add("people", $"must list 1 to {MaxPeople} people");
        var timeLimit = request.TimeLimitSeconds ?? DefaultTimeLimitSeconds;
        if (timeLimit is not (> 0 and <= MaxTimeLimitSeconds)) problems.Add("timeLimitSeconds", $"must be more than 0 and at most {MaxTimeLimitSeconds}");
        if (problems.Any) return problems.ToResult();

        var today = DateOnly.FromDateTime(clock.GetLocalNow().Date);
        var applicants = new List<Applicant>(people.Length);
        for (var i = 0; i < people.Length; i++)
        {
            if (people[i] is { } person) applicants.Add(person.ToApplicant(problems, today, $"people[{i}]."));
            else problems.Add($"people[{i}]", "is required");
        }

        if (problems.Any) return problems.ToResult();

        // The time limit counts from the request's arrival: the wait for a turn uses it up too.
        var limit = TimeSpan.FromSeconds(timeLimit) - clock.GetElapsedTime(started);
        using var timeUp = new CancellationTokenSource(limit > TimeSpan.Zero ? limit : TimeSpan.Zero, clock);
        using var waitOver = CancellationTokenSource.CreateLinkedTokenSource(timeUp.Token, context.RequestAborted);
        RateLimitLease turn;
        try
        {
            turn = await gate.EnterAsync(waitOver.Token);
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            return Problems.Busy(context.Response, StatusCodes.Status503ServiceUnavailable, TimeSpan.FromSeconds(timeLimit),
                "The time limit ran out while waiting for other allocations to finish; please try again later.");
        }

        using (turn)
        {
            if (!turn.IsAcquired)
                return Problems.Busy(context.Response, StatusCodes.Status429TooManyRequests, TimeSpan.FromSeconds(timeLimit),
                    "Too many allocations at once; please try again later.");

            var deadline = new Deadline(TimeSpan.FromSeconds(timeLimit) - clock.GetElapsedTime(started), clock, context.RequestAborted);
            var priority = request.Priority ?? CohortPriority.Report;
            var allocation = Cohort.Allocate(catalog, applicants, MaxCandidatesPerPerson, deadline, priority == CohortPriority.Strict);
            metrics.Allocated(clock.GetElapsedTime(started), allocation.Allocation.Optimal);
            context.RequestAborted.ThrowIfCancellationRequested();
            return TypedResults.Ok(AllocationResponse.From(applicants.ConvertAll(applicant => applicant.Request.Reference), allocation, priority));
        }
    }
}
