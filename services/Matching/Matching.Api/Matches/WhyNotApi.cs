using Matching.Engine;
using Matching.Hosting.Http;
using Matching.Hosting.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Matching.Api.Matches;

/// <summary>"Why is this not suggested?" for a course or opening and a person; for caseworkers.</summary>
public static class WhyNotApi
{
    /// <summary>The longest an answer may take: ranking a broad request stops here and answers from what it has.</summary>
    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(2);

    public static IEndpointRouteBuilder MapWhyNot(this IEndpointRouteBuilder app)
    {
        app.MapPost("/matches/why-not", Explain)
            .RequireRoles(Roles.Caseworker)
            .WithName("WhyNot")
            .WithSummary("Why a course or opening is not among a person's suggestions: the hard rules that exclude it, or its rank and what outranks it.");
        return app;
    }

    private static Results<Ok<WhyNotResponse>, ValidationProblem, NotFound> Explain(
        WhyNotRequest request, Catalog catalog, TimeProvider clock, CancellationToken cancellation)
    {
        var problems = new Problems();
        if (request.Person is null) problems.Add("person", "is required: the person, as for POST /matches");
        var person = request.Person?.ToMatchRequest(problems, DateOnly.FromDateTime(clock.GetLocalNow().Date), "person.");
        if ((request.CourseId, request.OpeningId) is (null, null) or (not null, not null))
            problems.Add(request.CourseId is null ? "courseId" : "openingId", "give exactly one of courseId and openingId");
        if (problems.Any) return problems.ToResult();

        var deadline = new Deadline(TimeLimit, clock, cancellation);
        var explanation = request.CourseId is { } courseId
            ? WhyNot.Course(catalog, person!, courseId, deadline)
            : WhyNot.Opening(catalog, person!, request.OpeningId!.Value, deadline);
        return explanation is null ? TypedResults.NotFound() : TypedResults.Ok(WhyNotResponse.From(explanation));
    }
}

/// <summary>A person (as for <c>POST /matches</c>) and the one course or opening the caseworker asks about.</summary>
public sealed record WhyNotRequest(FindMatchesRequest? Person, Guid? CourseId, Guid? OpeningId);

/// <summary>One hard rule that excludes the course or opening: <c>level</c>, <c>distance</c>, <c>date</c>,
/// <c>schedule</c>, <c>childcare</c>, <c>seats</c>, <c>positions</c>, <c>withdrawn</c>, <c>closed</c>, <c>occupation</c>,
/// <c>admission</c>, <c>agreement</c>, or <c>rank</c> when it only ranks too low to be looked for.</summary>
public sealed record ExclusionResponse(string Rule, string Reason);

/// <param name="ExcludedBy">The hard rules that exclude it; empty when none does.</param>
/// <param name="Rank">Where its best suggestion ranks among all the rules allow (1 = first), when none excludes it.</param>
/// <param name="Best">Its best suggestion, when it ranks.</param>
/// <param name="OutrankedBy">The best suggestions ranked above it (at most the person's <c>limit</c>).</param>
/// <param name="Summary">The answer in one sentence.</param>
public sealed record WhyNotResponse(
    IReadOnlyList<ExclusionResponse> ExcludedBy,
    int? Rank,
    SuggestionResponse? Best,
    IReadOnlyList<SuggestionResponse> OutrankedBy,
    string Summary)
{
    public static WhyNotResponse From(Explanation explanation) => new(
        explanation.ExcludedBy.Select(exclusion => new ExclusionResponse(exclusion.Rule, exclusion.Reason)).ToList(),
        explanation.Rank,
        explanation.Best is { } best ? SuggestionResponse.From(best) : null,
        explanation.OutrankedBy.Select(SuggestionResponse.From).ToList(),
        explanation.Summary);
}
