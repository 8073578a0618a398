using Matching.Contracts;
using Matching.Hosting.Data;
using Matching.Hosting.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Employers.Api.Openings;

/// <summary>
/// Employers post their job openings and close them. Every change bumps the opening's version and raises an event
/// with the whole opening, in the same transaction.
/// </summary>
public static class OpeningsApi
{
    public static IServiceCollection AddOpenings(this IServiceCollection services) =>
        services.AddSingleton<OpeningRepository>();

    public static IEndpointRouteBuilder MapOpenings(this IEndpointRouteBuilder app)
    {
        var openings = app.MapGroup("/openings").WithTags("Openings");

        openings.MapPost("/", PostOpening)
            .WithName("PostOpening")
            .WithSummary("Post a job opening")
            .WithDescription("Stores the opening with all its positions left and publishes OpeningPosted.");

        openings.MapGet("/{id:guid}", GetOpening)
            .WithName("GetOpening")
            .WithSummary("Get an opening, open or closed");

        openings.MapGet("/", ListOpenings)
            .WithName("ListOpenings")
            .WithSummary("List an employer's open openings")
            .WithDescription("Soonest start first; closed openings are left out.");

        openings.MapPost("/{id:guid}/close", CloseOpening)
            .WithName("CloseOpening")
            .WithSummary("Close an opening")
            .WithDescription("Publishes OpeningClosed. Closing a closed opening changes nothing.");

        return app;
    }

    private static async Task<Results<Created<OpeningResponse>, ValidationProblem>> PostOpening(
        PostOpeningRequest request, Db db, OpeningRepository openings, ILogger<Opening> logger, CancellationToken cancellationToken)
    {
        var problems = new Problems();
        if (request.ToOpening(problems) is not { } opening) return problems.ToResult();

        await using var work = await db.BeginAsync(cancellationToken);
        await openings.InsertAsync(work, opening);
        await work.PublishAsync(new OpeningPosted(opening.ToState()));
        await work.CommitAsync(cancellationToken);

        logger.LogInformation("Opening {OpeningId} posted by {EmployerId}", opening.Id, opening.EmployerId);
        return TypedResults.Created($"/openings/{opening.Id}", OpeningResponse.From(opening));
    }

    private static async Task<Results<Ok<OpeningResponse>, NotFound>> GetOpening(
        Guid id, OpeningRepository openings, CancellationToken cancellationToken) =>
        await openings.FindAsync(id, cancellationToken) is { } opening
            ? TypedResults.Ok(OpeningResponse.From(opening))
            : TypedResults.NotFound();

    private static async Task<Results<Ok<OpeningResponse[]>, ValidationProblem>> ListOpenings(
        [FromQuery] string? employerId, OpeningRepository openings, CancellationToken cancellationToken)
    {
        var problems = new Problems();
        employerId = problems.EmployerId(employerId);
        if (problems.Any) return problems.ToResult();

        var open = await openings.ListOpenAsync(employerId, cancellationToken);
        return TypedResults.Ok(open.Select(OpeningResponse.From).ToArray());
    }

    private static async Task<Results<Ok<OpeningResponse>, NotFound>> CloseOpening(
        Guid id, Db db, OpeningRepository openings, ILogger<Opening> logger, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        var closed = await openings.CloseAsync(work, id);
        if (closed is null)
        {
            return await openings.FindAsync(work, id) is { } opening
                ? TypedResults.Ok(OpeningResponse.From(opening))
                : TypedResults.NotFound();
        }

        await work.PublishAsync(new OpeningClosed(closed.ToState()));
        await work.CommitAsync(cancellationToken);

        logger.LogInformation("Opening {OpeningId} closed", id);
        return TypedResults.Ok(OpeningResponse.From(closed));
    }
}
