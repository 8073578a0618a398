using System.ComponentModel.DataAnnotations;
using System.Data.Common;
using System.Globalization;
using Matching.Api.Reports;
using Matching.Engine;
using Matching.Hosting.Data;
using Matching.Hosting.Http;
using Matching.Hosting.Security;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Matching.Api.Placements;

/// <summary>A caseworker accepts a suggestion: its course, its opening, or both, and the agreement it uses.</summary>
public sealed record RequestPlacementRequest([property: Required] string? Reference, Guid? CourseId, Guid? OpeningId, Guid? AgreementId)
{
    /// <summary>
    /// The placement to request, or null with what is wrong in <paramref name="problems"/>. Ids are checked against the
    /// catalog, and the agreement against the opening: the same employer, valid on the day the opening starts, covering its
    /// occupation (agreements name ISCO-08 prefixes; none = every occupation).
    /// </summary>
    /// <param name="requestedBy">The subject of the caseworker account asking.</param>
    public Placement? ToPlacement(Problems problems, Catalog catalog, DateTimeOffset now, string? idempotencyKey, string requestedBy)
    {
        var reference = ReadReference(problems);
        if (CourseId is null && OpeningId is null) problems.Add("courseId", "is required unless an openingId is given");
        if (CourseId is { } courseId && catalog.FindCourse(courseId) is null) problems.Add("courseId", "is not a known course");

        var opening = OpeningId is { } openingId ? catalog.FindOpening(openingId) : null;
        if (OpeningId is not null && opening is null) problems.Add("openingId", "is not a known opening");

        if (AgreementId is { } agreementId)
        {
            var agreement = catalog.FindAgreement(agreementId);
            if (OpeningId is null) problems.Add("agreementId", "needs an openingId: an agreement counts hires into jobs");
            else if (agreement is null) problems.Add("agreementId", "is not a known agreement");
            else if (opening is not null)
            {
                if (agreement.EmployerId != opening.EmployerId) problems.Add("agreementId", "is not an agreement of the opening's employer");
                if (opening.StartsOn < agreement.ValidFrom || opening.StartsOn > agreement.ValidTo)
                    problems.Add("agreementId", "is not valid on the day the opening starts");
                if (agreement.Occupations.Count > 0 && !agreement.Occupations.Any(prefix => opening.Occupation.StartsWith(prefix, StringComparison.Ordinal)))
                    problems.Add("agreementId", "does not cover the opening's occupation");
            }
        }

        return problems.Any ? null : Placement.Request(reference, CourseId, OpeningId, AgreementId, now, idempotencyKey, requestedBy);
    }

    /// <summary>Whether <paramref name="placement"/> was requested with this request's fields, as a retry repeats them.</summary>
    public bool Repeats(Placement placement) => placement.Asks(ReadReference(new Problems()), CourseId, OpeningId, AgreementId);

    /// <summary>The reference as it is stored.</summary>
    private string ReadReference(Problems problems) => problems.Text(Reference, "reference", 100);
}

/// <summary>The answer to requesting a placement: where to follow it.</summary>
public sealed record NewPlacementResponse(Guid Id);

/// <summary>
/// Placements: reserving what an accepted suggestion needs across services, then confirming or releasing it.
/// Requesting answers at once (202); the seat and position are reserved over the bus, and the placement's
/// state and history tell how it went.
/// </summary>
/// <remarks>
/// Who may: caseworkers request, read, confirm and cancel placements; coordinators read them, never their history; an
/// employer sees the placements into its own openings, pseudonym and state only. Every change a caseworker makes is
/// audited in its own transaction, and a placement names the caseworker account that requested it.
/// </remarks>
public static class PlacementsApi
{
    /// <summary>The header a client names a request by, so that retrying it after a lost answer requests nothing twice.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

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
        bus.AddBusObserver<CommandQueues>();
        return bus;
    }

    public static IEndpointRouteBuilder MapPlacements(this IEndpointRouteBuilder app)
    {
        var placements = app.MapGroup("/placements").WithTag("Placements", "Suggestions a caseworker accepted: the seat and position reserved for a person, until confirmed or given back");

        placements.MapPost("/", RequestPlacement)
            .RequireRoles(Roles.Caseworker)
            .WithName("RequestPlacement")
            .WithSummary("Accept a suggestion: reserve its seat and position")
            .WithDescription("Answers 202 at once; the placement becomes reserved when the course seat and the job position (and the agreement's quota) "
                + "are held, or rejected with the reason (\"no answer in time\" when no answer came within Placements:RequestTimeout). "
                + $"A retry with the same {IdempotencyKeyHeader} header answers the same placement again (the same key with another request: 422). "
                + "A person's second requested, reserved or confirmed placement for the same course or opening is a conflict naming the first, "
                + "and so is a withdrawn course, a closed opening or an agreement whose quota is used up.");

        placements.MapGet("/{id:guid}", GetPlacement)
            .RequireRoles(Roles.Caseworker, Roles.Coordinator)
            .WithName("GetPlacement")
            .WithSummary("Get a placement with the history of its state")
            .WithDescription("A coordinator gets it without its history.");

        placements.MapGet("/", ListPlacements)
            .RequireRoles(Roles.Caseworker, Roles.Coordinator, Roles.Employer)
            .WithName("ListPlacements")
            .WithSummary("List a person's placements (?reference=), or those into an opening (?openingId=), oldest first, a page at a time")
            .WithDescription("Exactly one of reference and openingId. By reference, for caseworkers, and for coordinators without the history. "
                + "By openingId, each placement's id, reference and state only, for caseworkers, coordinators and the opening's own employer. "
                + "page counts from 1 (the default); pageSize is 1 to 100 (default 50).");

        placements.MapPost("/{id:guid}/confirm", ConfirmPlacement)
            .RequireRoles(Roles.Caseworker)
            .WithName("ConfirmPlacement")
            .WithSummary("The person started: confirm a reserved placement")
            .WithDescription("Confirming again changes nothing; a placement that is not reserved, or whose course was withdrawn or opening closed since, is a conflict.");

        placements.MapPost("/{id:guid}/cancel", CancelPlacement)
            .RequireRoles(Roles.Caseworker)
            .WithName("CancelPlacement")
            .WithSummary("Cancel a placement, giving back its seat and position")
            .WithDescription("Releases a requested, reserved or confirmed placement; what it holds, or is given later, goes back. "
                + "Cancelling again changes nothing; a rejected placement is a conflict.");

        return app;
    }

    private static async Task<Results<Accepted<NewPlacementResponse>, ValidationProblem, ProblemHttpResult>> RequestPlacement(
        RequestPlacementRequest request, [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey, Caller caller,
        Catalog catalog, Db db, PlacementStore placements, PlacementGroups groups, TimeProvider clock, ILogger<Placement> logger,
        CancellationToken cancellationToken)
    {
        var problems = new Problems();
        var key = problems.OptionalText(idempotencyKey, IdempotencyKeyHeader, 200);
        if (problems.Any) return problems.ToResult();

        try
        {
            return await RequestOnceAsync(request, key, caller, catalog, db, placements, groups, clock, logger, cancellationToken);
        }
        catch (DbException) when (key is not null)
        {
            // PostgreSQL: a request with the same key (for another person, so it did not wait its turn) committed between
            // looking for the key and storing this one, and the unique key refused it. Answer as to any reuse of the key.
            await using var work = await db.BeginAsync(cancellationToken);
            if (await placements.FindAsync(work, key) is { } first) return Again(first, request, logger);
            throw;
        }
    }

    private static async Task<Results<Accepted<NewPlacementResponse>, ValidationProblem, ProblemHttpResult>> RequestOnceAsync(
        RequestPlacementRequest request, string? key, Caller caller, Catalog catalog, Db db, PlacementStore placements, PlacementGroups groups,
        TimeProvider clock, ILogger<Placement> logger, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        // A retry answers what the first request got, before anything it checks could have changed since.
        if (key is not null && await placements.FindAsync(work, key) is { } first) return Again(first, request, logger);

        var problems = new Problems();
        if (request.ToPlacement(problems, catalog, clock.GetUtcNow(), key, caller.Subject) is not { } placement) return problems.ToResult();
        if ((WhyNotAvailable(catalog, placement) ?? WhyNoQuota(catalog, placement)) is { } reason)
            return Problems.Conflict($"No placement: {reason}.");

        await placements.TakeTurnAsync(work, placement.Reference);
        // The same request may have committed while this one waited its turn.
        if (key is not null && await placements.FindAsync(work, key) is { } meanwhile) return Again(meanwhile, request, logger);
        if (await placements.FindActiveForSameOfferAsync(work, placement) is { } active) return AlreadyPlaced(active);

        await placements.AddAsync(work, placement);
        await groups.NoteAsync(work, placement);
        await work.RecordAsync(caller, "placement.request", placement.Id);
        await work.CommitAsync(cancellationToken);

        logger.LogInformation("Placement {PlacementId} requested", placement.Id);
        return Accepted(placement);
    }

    /// <summary>The answer to a request whose key was used before: the same placement for the same request, 422 for another.</summary>
    private static Results<Accepted<NewPlacementResponse>, ValidationProblem, ProblemHttpResult> Again(
        Placement first, RequestPlacementRequest request, ILogger<Placement> logger)
    {
        if (!request.Repeats(first))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity,
                title: $"The {IdempotencyKeyHeader} was used for another request.",
                detail: $"A retry repeats the request it retries; a new request needs a new {IdempotencyKeyHeader}.");
        }

        logger.LogInformation("Placement {PlacementId} requested again under its {Header}", first.Id, IdempotencyKeyHeader);
        return Accepted(first);
    }

    private static ProblemHttpResult AlreadyPlaced(Placement active) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
            title: "The person has a placement for this course or opening already.",
            detail: $"Placement {active.Id} is {Shown(active.State)}; cancel it before requesting another.",
            extensions: new Dictionary<string, object?> { ["placementId"] = active.Id });

    private static Accepted<NewPlacementResponse> Accepted(Placement placement) =>
        TypedResults.Accepted($"/placements/{placement.Id}", new NewPlacementResponse(placement.Id));

    /// <summary>Why the catalog no longer lets the placement take its course or opening; null when it does.</summary>
    private static string? WhyNotAvailable(Catalog catalog, Placement placement) =>
        placement.CourseId is { } courseId && catalog.FindCourse(courseId) is { Withdrawn: true } ? "the course was withdrawn"
        : placement.OpeningId is { } openingId && catalog.FindOpening(openingId) is { Closed: true } ? "the opening was closed"
        : null;

    /// <summary>Employers has the last word on quota (the catalog may lag behind); one used up already is not asked for.</summary>
    private static string? WhyNoQuota(Catalog catalog, Placement placement) =>
        placement.AgreementId is { } agreementId && catalog.FindAgreement(agreementId) is { QuotaLeft: <= 0 } ? "the agreement's quota is used up" : null;

    private static async Task<Results<Ok<PlacementResponse>, NotFound>> GetPlacement(
        Guid id, Caller caller, PlacementStore placements, CancellationToken cancellationToken) =>
        await placements.ViewAsync(id, SeesHistory(caller), cancellationToken) is { } placement ? TypedResults.Ok(placement) : TypedResults.NotFound();

    // The OpenAPI document shows one answer per status, the last one named here: a person's placements, the usual answer.
    private static async Task<Results<Ok<IReadOnlyList<OpeningPlacementResponse>>, Ok<IReadOnlyList<PlacementResponse>>, ValidationProblem, ProblemHttpResult>>
        ListPlacements([FromQuery] string? reference, [FromQuery] string? openingId, [FromQuery] string? page, [FromQuery] string? pageSize,
            Caller caller, Catalog catalog, PlacementStore placements, CancellationToken cancellationToken)
    {
        // An employer may not even learn whether a person has placements.
        if (caller.Is(Roles.Employer) && (openingId is null || reference is not null))
            return Access.Denied("An employer sees the placements into its own openings only (?openingId=).");

        var problems = new Problems();
        Guid? opening = null;
        if (openingId is null) reference = problems.Text(reference, "reference", 100);
        else if (reference is not null) problems.Add("reference", "must not be given with openingId: ask by one or the other");
        else if (Guid.TryParse(openingId, out var id)) opening = id;
        else problems.Add("openingId", "must be an opening's id");
        var number = WholeNumber(problems, page, "page", 1, int.MaxValue, fallback: 1);
        var size = WholeNumber(problems, pageSize, "pageSize", 1, 100, fallback: 50);
        if (problems.Any) return problems.ToResult();

        if (opening is not { } openingToList)
            return TypedResults.Ok(await placements.ViewAllAsync(reference!, number, size, SeesHistory(caller), cancellationToken));

        // The catalog knows whose an opening is; an opening it does not know is no employer's own.
        if (caller.Is(Roles.Employer) && !(catalog.FindOpening(openingToList) is { } known && caller.IsEmployer(known.EmployerId)))
            return Access.Denied("An employer sees the placements into its own openings only.");
        return TypedResults.Ok(await placements.ViewAllIntoAsync(openingToList, number, size, cancellationToken));
    }

    /// <summary>Caseworkers see a placement's history; coordinators read placements, but never their history.</summary>
    private static bool SeesHistory(Caller caller) => caller.Is(Roles.Caseworker);

    /// <summary>A query parameter that is a whole number from <paramref name="min"/> to <paramref name="max"/>; <paramref name="fallback"/> when absent.</summary>
    private static int WholeNumber(Problems problems, string? value, string field, int min, int max, int fallback)
    {
        if (value is null) return fallback;
        if (int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)) return problems.Range(number, field, min, max);
        problems.Add(field, max == int.MaxValue ? $"must be a whole number of at least {min}" : $"must be a whole number between {min} and {max}");
        return fallback;
    }

    private static Task<Results<Ok<PlacementResponse>, NotFound, ProblemHttpResult>> ConfirmPlacement(
        Guid id, Caller caller, Catalog catalog, Db db, PlacementStore placements, TimeProvider clock, ILogger<Placement> logger,
        CancellationToken cancellationToken) =>
        ChangeAsync(id, caller, "placement.confirm", db, placements, logger, cancellationToken, placement => placement.State switch
        {
            PlacementState.Reserved when WhyNotAvailable(catalog, placement) is { } reason => Step.Refused($"The placement cannot be confirmed: {reason}."),
            PlacementState.Reserved => placement.Confirm(clock.GetUtcNow()),
            PlacementState.Confirmed => placement,
            PlacementState.Requested => Step.Refused("The placement is still reserving; try again once it is reserved."),
            _ => Step.Refused($"The placement is {Shown(placement.State)}."),
        });

    private static Task<Results<Ok<PlacementResponse>, NotFound, ProblemHttpResult>> CancelPlacement(
        Guid id, Caller caller, Db db, PlacementStore placements, TimeProvider clock, ILogger<Placement> logger, CancellationToken cancellationToken) =>
        ChangeAsync(id, caller, "placement.cancel", db, placements, logger, cancellationToken, placement => placement.State switch
        {
            PlacementState.Requested or PlacementState.Reserved or PlacementState.Confirmed => placement.Release(Placement.Cancelled, clock.GetUtcNow()),
            PlacementState.Released => placement,
            _ => Step.Refused($"The placement is {Shown(placement.State)}."),
        });

    /// <param name="action">What the audit log calls the change; a change that changes nothing is not recorded.</param>
    /// <param name="step">The placement after the change, itself when there is nothing to do, or why the change does not apply.</param>
    private static async Task<Results<Ok<PlacementResponse>, NotFound, ProblemHttpResult>> ChangeAsync(
        Guid id, Caller caller, string action, Db db, PlacementStore placements, ILogger<Placement> logger, CancellationToken cancellationToken,
        Func<Placement, Step> step)
    {
        await using (var work = await db.BeginAsync(cancellationToken))
        {
            var placement = await placements.FindAsync(work, id);
            if (placement is null) return TypedResults.NotFound();
            var outcome = step(placement);
            if (outcome.Next is not { } next) return Problems.Conflict(outcome.Refusal!);

            // Only on PostgreSQL, where an answer from the bus can commit in between; SQLite lets one writer in at a time.
            if (!await placements.SaveAsync(work, placement, next)) return Problems.Conflict("The placement was changed meanwhile; please try again.");
            if (next != placement) await work.RecordAsync(caller, action, id);
            await work.CommitAsync(cancellationToken);
            if (next.State != placement.State) logger.LogInformation("Placement {PlacementId} {State}", id, next.State);
        }

        return TypedResults.Ok((await placements.ViewAsync(id, withHistory: true, cancellationToken))!);
    }

    private static string Shown(PlacementState state) => state.ToString().ToLowerInvariant();

    /// <summary>What a caseworker's change of a placement comes to: the placement after it, or why it does not apply.</summary>
    private readonly record struct Step(Placement? Next, string? Refusal)
    {
        public static implicit operator Step(Placement next) => new(next, null);

        public static Step Refused(string why) => new(null, why);
    }
}
