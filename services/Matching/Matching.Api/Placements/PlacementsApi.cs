using Matching.Engine;
using Matching.Hosting.Data;
using Matching.Hosting.Http;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Matching.Api.Placements;

/// <summary>A caseworker accepts a suggestion: its course, its opening, or both, and the agreement it uses.</summary>
public sealed record RequestPlacementRequest(string? Reference, Guid? CourseId, Guid? OpeningId, Guid? AgreementId)
{
    /// <summary>The placement to request, or null with what is wrong in <paramref name="problems"/>; ids are checked against the catalog.</summary>
    public Placement? ToPlacement(Problems problems, Catalog catalog, DateTimeOffset now)
    {
        var reference = problems.Text(Reference, "reference", 100);
        if (CourseId is null && OpeningId is null) problems.Add("courseId", "is required unless an openingId is given");
        if (CourseId is { } courseId && catalog.FindCourse(courseId) is null) problems.Add("courseId", "is not a known course");

        var opening = OpeningId is { } openingId ? catalog.FindOpening(openingId) : null;
        if (OpeningId is not null && opening is null) problems.Add("openingId", "is not a known opening");

        if (AgreementId is { } agreementId)
        {
            var agreement = catalog.FindAgreement(agreementId);
            if (OpeningId is null) problems.Add("agreementId", "needs an openingId: an agreement counts hires into jobs");
            else if (agreement is null) problems.Add("agreementId", "is not a known agreement");
            else if (opening is not null && agreement.EmployerId != opening.EmployerId) problems.Add("agreementId", "is not an agreement of the opening's employer");
        }

        return problems.Any ? null : Placement.Request(reference, CourseId, OpeningId, AgreementId, now);
    }
}

/// <summary>The answer to requesting a placement: where to follow it.</summary>
public sealed record NewPlacementResponse(Guid Id);

/// <summary>
/// Placements: reserving what an accepted suggestion needs across services, then confirming or releasing it.
/// Requesting answers at once (202); the seat and position are reserved over the bus, and the placement's
/// state and history tell how it went.
/// </summary>
public static class PlacementsApi
{
    public static IServiceCollection AddPlacements(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.Configure<PlacementOptions>(configuration.GetSection("Placements"));
        services.AddSingleton<PlacementStore>();
        services.AddHostedService<PlacementExpiry>();
        return services;
    }

    public static IBusRegistrationConfigurator AddPlacementReplies(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<PlacementReplies>();
        return bus;
    }

    public static IEndpointRouteBuilder MapPlacements(this IEndpointRouteBuilder app)
    {
        var placements = app.MapGroup("/placements").WithTags("Placements");

        placements.MapPost("/", RequestPlacement)
            .WithName("RequestPlacement")
            .WithSummary("Accept a suggestion: reserve its seat and position")
            .WithDescription("Answers 202 at once; the placement becomes reserved when the course seat and the job position (and the agreement's quota) are held, or rejected with the reason.");

        placements.MapGet("/{id:guid}", GetPlacement)
            .WithName("GetPlacement")
            .WithSummary("Get a placement with the history of its state");

        placements.MapGet("/", ListPlacements)
            .WithName("ListPlacements")
            .WithSummary("List a person's placements, oldest first");

        placements.MapPost("/{id:guid}/confirm", ConfirmPlacement)
            .WithName("ConfirmPlacement")
            .WithSummary("The person started: confirm a reserved placement")
            .WithDescription("Confirming again changes nothing; a placement that is not reserved is a conflict.");

        placements.MapPost("/{id:guid}/cancel", CancelPlacement)
            .WithName("CancelPlacement")
            .WithSummary("Cancel a reserved or confirmed placement, giving its seat and position back")
            .WithDescription("Cancelling again changes nothing; a placement still reserving, or rejected, is a conflict.");

        return app;
    }

    private static async Task<Results<Accepted<NewPlacementResponse>, ValidationProblem>> RequestPlacement(
        RequestPlacementRequest request, Catalog catalog, Db db, PlacementStore placements, TimeProvider clock, ILogger<Placement> logger,
        CancellationToken cancellationToken)
    {
        var problems = new Problems();
        if (request.ToPlacement(problems, catalog, clock.GetUtcNow()) is not { } placement) return problems.ToResult();

        await using var work = await db.BeginAsync(cancellationToken);
        await placements.AddAsync(work, placement);
        await work.CommitAsync(cancellationToken);

        logger.LogInformation("Placement {PlacementId} requested", placement.Id);
        return TypedResults.Accepted($"/placements/{placement.Id}", new NewPlacementResponse(placement.Id));
    }

    private static async Task<Results<Ok<PlacementResponse>, NotFound>> GetPlacement(
        Guid id, PlacementStore placements, CancellationToken cancellationToken) =>
        await placements.ViewAsync(id, cancellationToken) is { } placement ? TypedResults.Ok(placement) : TypedResults.NotFound();

    private static async Task<Results<Ok<IReadOnlyList<PlacementResponse>>, ValidationProblem>> ListPlacements(
        [FromQuery] string? reference, PlacementStore placements, CancellationToken cancellationToken)
    {
        var problems = new Problems();
        reference = problems.Text(reference, "reference", 100);
        if (problems.Any) return problems.ToResult();

        return TypedResults.Ok(await placements.ViewAllAsync(reference, cancellationToken));
    }

    private static Task<Results<Ok<PlacementResponse>, NotFound, ProblemHttpResult>> ConfirmPlacement(
        Guid id, Db db, PlacementStore placements, TimeProvider clock, ILogger<Placement> logger, CancellationToken cancellationToken) =>
        ChangeAsync(id, db, placements, logger, cancellationToken, placement => placement.State switch
        {
            PlacementState.Reserved => placement.Confirm(clock.GetUtcNow()),
            PlacementState.Confirmed => placement,
            _ => null,
        });

    private static Task<Results<Ok<PlacementResponse>, NotFound, ProblemHttpResult>> CancelPlacement(
        Guid id, Db db, PlacementStore placements, TimeProvider clock, ILogger<Placement> logger, CancellationToken cancellationToken) =>
        ChangeAsync(id, db, placements, logger, cancellationToken, placement => placement.State switch
        {
            PlacementState.Reserved or PlacementState.Confirmed => placement.Release(Placement.Cancelled, clock.GetUtcNow()),
            PlacementState.Released => placement,
            _ => null,
        });

    /// <param name="step">The placement after the change; itself when there is nothing to do; null when the change does not apply to its state.</param>
    private static async Task<Results<Ok<PlacementResponse>, NotFound, ProblemHttpResult>> ChangeAsync(
        Guid id, Db db, PlacementStore placements, ILogger<Placement> logger, CancellationToken cancellationToken, Func<Placement, Placement?> step)
    {
        await using (var work = await db.BeginAsync(cancellationToken))
        {
            var placement = await placements.FindAsync(work, id);
            if (placement is null) return TypedResults.NotFound();
            if (step(placement) is not { } next)
            {
                return Problems.Conflict(placement.State == PlacementState.Requested
                    ? "The placement is still reserving; try again once it is reserved."
                    : $"The placement is {placement.State.ToString().ToLowerInvariant()}.");
            }

            // Only on PostgreSQL, where an answer from the bus can commit in between; SQLite lets one writer in at a time.
            if (!await placements.SaveAsync(work, placement, next)) return Problems.Conflict("The placement was changed meanwhile; please try again.");
            await work.CommitAsync(cancellationToken);
            if (next.State != placement.State) logger.LogInformation("Placement {PlacementId} {State}", id, next.State);
        }

        return TypedResults.Ok((await placements.ViewAsync(id, cancellationToken))!);
    }
}
