using Matching.Hosting.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Employers.Api.Openings;

public static class OpeningsApi
{
    public static IEndpointRouteBuilder MapOpenings(this IEndpointRouteBuilder app)
    {
        var openings = app.MapGroup("/openings").WithTags("Openings");

        openings.MapPost("/", PostAsync)
            .WithName("PostOpening")
            .WithSummary("Post a job opening")
            .WithDescription("Stores the opening with all its positions left and publishes OpeningPosted.");
        openings.MapGet("/{id:guid}", GetAsync)
            .WithName("GetOpening")
            .WithSummary("Get an opening, open or closed");
        openings.MapGet("/", ListAsync)
            .WithName("ListOpenings")
            .WithSummary("List an employer's open openings")
            .WithDescription("Soonest start first; closed openings are left out.");
        openings.MapPost("/{id:guid}/close", CloseAsync)
            .WithName("CloseOpening")
            .WithSummary("Close an opening")
            .WithDescription("Publishes OpeningClosed. Closing a closed opening changes nothing.");
        return app;
    }

    private static async Task<Results<Created<Opening>, ValidationProblem>> PostAsync(PostOpening request, OpeningRepository openings)
    {
        var problems = new Problems();
        var opening = request.ToOpening(problems);
        if (problems.Any) return problems.ToResult();

        await openings.PostAsync(opening);
        return TypedResults.Created($"/openings/{opening.Id}", opening);
    }

    private static async Task<Results<Ok<Opening>, NotFound>> GetAsync(Guid id, OpeningRepository openings) =>
        await openings.FindAsync(id) is { } opening ? TypedResults.Ok(opening) : TypedResults.NotFound();

    private static async Task<Results<Ok<IReadOnlyList<Opening>>, ValidationProblem>> ListAsync(string? employerId, OpeningRepository openings)
    {
        var problems = new Problems();
        employerId = problems.EmployerId(employerId);
        if (problems.Any) return problems.ToResult();

        return TypedResults.Ok(await openings.ListOpenAsync(employerId));
    }

    private static async Task<Results<Ok<Opening>, NotFound>> CloseAsync(Guid id, OpeningRepository openings) =>
        await openings.CloseAsync(id) is { } opening ? TypedResults.Ok(opening) : TypedResults.NotFound();
}
