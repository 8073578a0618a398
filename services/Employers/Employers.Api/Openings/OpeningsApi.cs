using Matching.Contracts;
using Matching.Hosting.Data;
using Matching.Hosting.Http;
using Matching.Hosting.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Employers.Api.Openings;

/// <summary>
/// Employers post their job openings, keep their positions current and close them. Every change bumps the opening's
/// version and raises an event with the whole opening, in the same transaction. Every answer about one opening carries
/// its version as ETag; a change sent with If-Match applies only to that version (see <see cref="ETags"/>).
/// </summary>
/// <remarks>
/// Who may: an employer posts, changes and closes its own openings and reads them; caseworkers and coordinators read
/// every employer's. Every change is audited in its own transaction.
/// </remarks>
public static class OpeningsApi
{
    public static IServiceCollection AddOpenings(this IServiceCollection services) =>
        services.AddSingleton<OpeningRepository>();

    public static IEndpointRouteBuilder MapOpenings(this IEndpointRouteBuilder app)
    {
        var openings = app.MapGroup("/openings").WithTag("Openings", "Job openings employers post, and their positions left");

        openings.MapPost("/", PostOpening)
            .RequireRoles(Roles.Employer)
            .WithName("PostOpening")
            .WithSummary("Post a job opening")
            .WithDescription("Stores the opening with all its positions left and publishes OpeningPosted. Only for the employer the body names.");

        openings.MapGet("/{id:guid}", GetOpening)
            .RequireRoles(Roles.Employer, Roles.Caseworker, Roles.Coordinator)
            .WithName("GetOpening")
            .WithSummary("Get an opening, open or closed")
            .WithDescription("For its own employer, caseworkers and coordinators.");

        openings.MapGet("/", ListOpenings)
            .RequireRoles(Roles.Employer, Roles.Caseworker, Roles.Coordinator)
            .WithName("ListOpenings")
            .WithSummary("List an employer's open openings")
            .WithDescription("Soonest start first; closed openings are left out. A page at a time (page from 1, pageSize 1 to "
                + "100, 50 by default); X-Total-Count and Link say how many there are and where the next page is. An employer "
                + "lists its own; caseworkers and coordinators any employer's.");

        openings.MapPut("/{id:guid}/positions", ChangePositions)
            .RequireRoles(Roles.Employer)
            .WithName("ChangePositions")
            .WithSummary("Publish how many positions are left")
            .WithDescription("positionsLeft as the employer sees them, or positionsTakenOutside (its own hires), and positions if "
                + "it changed; positions reserved through the system stay reserved, so a count that leaves them no room is a "
                + "conflict naming the field. Publishes OpeningPositionsChanged when the positions change. A closed opening is "
                + "a conflict; If-Match with an older version is 412. Only for the opening's own employer.");

        openings.MapPost("/{id:guid}/close", CloseOpening)
            .RequireRoles(Roles.Employer)
            .WithName("CloseOpening")
            .WithSummary("Close an opening")
            .WithDescription("Publishes OpeningClosed. Closing a closed opening changes nothing. If-Match with an older version is 412. "
                + "Only for the opening's own employer.");

        return app;
    }

    private static async Task<Results<Created<OpeningResponse>, ValidationProblem, ProblemHttpResult>> PostOpening(
        PostOpeningRequest request, Caller caller, HttpResponse response, Db db, OpeningRepository openings, ILogger<Opening> logger,
        CancellationToken cancellationToken)
    {
        var problems = new Problems();
        if (request.ToOpening(problems) is not { } opening) return problems.ToResult();
        if (!caller.IsEmployer(opening.EmployerId)) return Access.Denied("An employer posts its own openings only.");

        await using var work = await db.BeginAsync(cancellationToken);
        await openings.InsertAsync(work, opening);
        await work.PublishAsync(new OpeningPosted(opening.ToState()));
        await work.RecordAsync(caller, "opening.post", opening.Id);
        await work.CommitAsync(cancellationToken);

        logger.LogInformation("Opening {OpeningId} posted by {EmployerId}", opening.Id, opening.EmployerId);
        response.Tag(opening.Version);
        return TypedResults.Created($"/openings/{opening.Id}", OpeningResponse.From(opening));
    }

    private static async Task<Results<Ok<OpeningResponse>, NotFound, ProblemHttpResult>> GetOpening(
        Guid id, Caller caller, HttpResponse response, OpeningRepository openings, CancellationToken cancellationToken)
    {
        if (await openings.FindAsync(id, cancellationToken) is not { } opening) return TypedResults.NotFound();
        if (!Employer.MayRead(caller, opening.EmployerId)) return Access.Denied("An employer reads its own openings only.");
        response.Tag(opening.Version);
        return TypedResults.Ok(OpeningResponse.From(opening));
    }

    private static async Task<Results<Ok<OpeningResponse[]>, ValidationProblem, ProblemHttpResult>> ListOpenings(
        [FromQuery] string? employerId, [FromQuery] string? page, [FromQuery] string? pageSize, Caller caller, HttpResponse response,
        OpeningRepository openings, CancellationToken cancellationToken)
    {
        var problems = new Problems();
        employerId = problems.EmployerId(employerId);
        var paging = Paging.From(problems, page, pageSize);
        if (problems.Any) return problems.ToResult();
        if (!Employer.MayRead(caller, employerId)) return Access.Denied("An employer lists its own openings only.");

        var open = await openings.ListOpenAsync(employerId, paging, cancellationToken);
        var total = await openings.CountOpenAsync(employerId, cancellationToken);
        paging.Describe(response, $"/openings?employerId={Uri.EscapeDataString(employerId)}", total);
        return TypedResults.Ok(open.Select(OpeningResponse.From).ToArray());
    }

    private static async Task<Results<Ok<OpeningResponse>, ValidationProblem, NotFound, ProblemHttpResult>> ChangePositions(
        Guid id, ChangePositionsRequest request, [FromHeader(Name = "If-Match")] string? ifMatch, Caller caller,
        HttpResponse response, Db db, OpeningRepository openings, ILogger<Opening> logger, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        var opening = await openings.FindAsync(work, id);
        if (opening is null) return TypedResults.NotFound();
        if (!caller.IsEmployer(opening.EmployerId)) return NotTheEmployer();
        if (!ETags.Allows(ifMatch, opening.Version)) return ETags.PreconditionFailed(response, opening.Version, "opening");
        if (opening.Closed) return Problems.Conflict("The opening is closed; its positions can no longer change.");

        var (problems, conflicts) = (new Problems(), new Problems());
        var positions = request.ToPositions(opening, problems, conflicts);
        if (problems.Any) return problems.ToResult();
        if (positions is null) return conflicts.ToConflict("The positions leave no room for the positions reserved through the system.");
        if (positions == opening)
        {
            response.Tag(opening.Version);
            return TypedResults.Ok(OpeningResponse.From(opening));
        }

        var changed = positions with { Version = opening.Version + 1 };
        if (!await openings.UpdatePositionsAsync(work, changed)) return ChangedMeanwhile();
        await work.PublishAsync(new OpeningPositionsChanged(changed.ToState()));
        await work.RecordAsync(caller, "opening.change-positions", id);
        await work.CommitAsync(cancellationToken);

        logger.LogInformation(
            "Positions of {OpeningId} now {PositionsLeft} left of {Positions}, {PositionsTakenOutside} taken outside, {PositionsReserved} reserved",
            id, changed.PositionsLeft, changed.Positions, changed.PositionsTakenOutside, changed.PositionsReserved);
        response.Tag(changed.Version);
        return TypedResults.Ok(OpeningResponse.From(changed));
    }

    private static async Task<Results<Ok<OpeningResponse>, NotFound, ProblemHttpResult>> CloseOpening(
        Guid id, [FromHeader(Name = "If-Match")] string? ifMatch, Caller caller, HttpResponse response, Db db,
        OpeningRepository openings, ILogger<Opening> logger, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        var opening = await openings.FindAsync(work, id);
        if (opening is null) return TypedResults.NotFound();
        if (!caller.IsEmployer(opening.EmployerId)) return NotTheEmployer();
        if (!ETags.Allows(ifMatch, opening.Version)) return ETags.PreconditionFailed(response, opening.Version, "opening");
        if (opening.Closed)
        {
            response.Tag(opening.Version);
            return TypedResults.Ok(OpeningResponse.From(opening));
        }

        var closed = await openings.CloseAsync(work, id, opening.Version);
        if (closed is null) return ChangedMeanwhile();
        await work.PublishAsync(new OpeningClosed(closed.ToState()));
        await work.RecordAsync(caller, "opening.close", id);
        await work.CommitAsync(cancellationToken);

        logger.LogInformation("Opening {OpeningId} closed", id);
        response.Tag(closed.Version);
        return TypedResults.Ok(OpeningResponse.From(closed));
    }

    private static ProblemHttpResult NotTheEmployer() => Access.Denied("Only the opening's own employer may change it.");

    // Only on PostgreSQL, where two requests can read the same version; SQLite lets one writer in at a time.
    private static ProblemHttpResult ChangedMeanwhile() => Problems.Conflict("The opening was changed meanwhile; please try again.");
}
