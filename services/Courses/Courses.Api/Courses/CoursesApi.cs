using Matching.Contracts;
using Matching.Hosting.Data;
using Matching.Hosting.Http;
using Matching.Hosting.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Courses.Api.Courses;

/// <summary>
/// Course providers publish their courses and keep the free places current. Every change bumps the
/// course's version and raises an event with the whole course, in the same transaction. Every answer about one course
/// carries its version as ETag; a change sent with If-Match applies only to that version (see <see cref="ETags"/>).
/// </summary>
/// <remarks>
/// Who may: anyone reads courses (what a course offers is public); a provider publishes, changes and withdraws its own
/// courses and no one else's. Every change is audited in its own transaction.
/// </remarks>
public static class CoursesApi
{
    public static IServiceCollection AddCourses(this IServiceCollection services) =>
        services.AddSingleton<CourseRepository>();

    public static IEndpointRouteBuilder MapCourses(this IEndpointRouteBuilder app)
    {
        var courses = app.MapGroup("/courses").WithTag("Courses", "Courses of language providers, their free seats and the seats held for placements");

        courses.MapPost("/", PublishCourse)
            .RequireRoles(Roles.Provider)
            .WithName("PublishCourse")
            .WithSummary("Publish a course")
            .WithDescription("Stores the course as version 1 and raises CoursePublished. The location is required unless the course is online. "
                + "Only for the provider the body names.");

        courses.MapGet("/{id:guid}", GetCourse)
            .AllowAnyone()
            .WithName("GetCourse")
            .WithSummary("Get a course, withdrawn or not");

        courses.MapGet("/", ListCourses)
            .AllowAnyone()
            .WithName("ListCourses")
            .WithSummary("List a provider's courses")
            .WithDescription("The courses of one provider that are not withdrawn, soonest first, a page at a time (page from 1, "
                + "pageSize 1 to 100, 50 by default); X-Total-Count and Link say how many there are and where the next page is.");

        courses.MapPut("/{id:guid}/seats", PublishFreeSeats)
            .RequireRoles(Roles.Provider)
            .WithName("PublishFreeSeats")
            .WithSummary("Publish how many places are free")
            .WithDescription("seatsFree as the provider sees them, or seatsTakenOutside (its own sign-ups), and seatsTotal if it "
                + "changed; seats reserved through the system stay reserved, so a count that leaves them no room is a conflict "
                + "naming the field. Raises CourseSeatsChanged when the seats change. A withdrawn course is a conflict; "
                + "If-Match with an older version is 412. Only for the course's own provider.");

        courses.MapDelete("/{id:guid}", WithdrawCourse)
            .RequireRoles(Roles.Provider)
            .WithName("WithdrawCourse")
            .WithSummary("Withdraw a course")
            .WithDescription("Raises CourseWithdrawn; withdrawing again changes nothing. If-Match with an older version is 412. "
                + "Only for the course's own provider.");

        return app;
    }

    private static async Task<Results<Created<CourseResponse>, ValidationProblem, ProblemHttpResult>> PublishCourse(
        PublishCourseRequest request, Caller caller, HttpResponse response, Db db, CourseRepository courses, ILogger<Course> logger,
        CancellationToken cancellationToken)
    {
        var problems = new Problems();
        if (request.ToCourse(problems) is not { } course) return problems.ToResult();
        if (!caller.IsProvider(course.ProviderId)) return Access.Denied("A provider publishes its own courses only.");

        await using var work = await db.BeginAsync(cancellationToken);
        await courses.InsertAsync(work, course);
        await work.PublishAsync(new CoursePublished(course.ToState()));
        await work.RecordAsync(caller, "course.publish", course.Id);
        await work.CommitAsync(cancellationToken);

        logger.LogInformation("Course {CourseId} published by {ProviderId}", course.Id, course.ProviderId);
        response.Tag(course.Version);
        return TypedResults.Created($"/courses/{course.Id}", CourseResponse.From(course));
    }

    private static async Task<Results<Ok<CourseResponse>, NotFound>> GetCourse(
        Guid id, HttpResponse response, CourseRepository courses, CancellationToken cancellationToken)
    {
        if (await courses.FindAsync(id, cancellationToken) is not { } course) return TypedResults.NotFound();
        response.Tag(course.Version);
        return TypedResults.Ok(CourseResponse.From(course));
    }

    private static async Task<Results<Ok<CourseResponse[]>, ValidationProblem>> ListCourses(
        [FromQuery] string? providerId, [FromQuery] string? page, [FromQuery] string? pageSize, HttpResponse response,
        CourseRepository courses, CancellationToken cancellationToken)
    {
        var problems = new Problems();
        providerId = problems.Text(providerId, "providerId", PublishCourseRequest.MaxProviderIdLength);
        var paging = Paging.From(problems, page, pageSize);
        if (problems.Any) return problems.ToResult();

        var offered = await courses.ListOfferedAsync(providerId, paging, cancellationToken);
        var total = await courses.CountOfferedAsync(providerId, cancellationToken);
        paging.Describe(response, $"/courses?providerId={Uri.EscapeDataString(providerId)}", total);
        return TypedResults.Ok(offered.Select(CourseResponse.From).ToArray());
    }

    private static async Task<Results<Ok<CourseResponse>, ValidationProblem, NotFound, ProblemHttpResult>> PublishFreeSeats(
        Guid id, PublishFreeSeatsRequest request, [FromHeader(Name = "If-Match")] string? ifMatch, Caller caller,
        HttpResponse response, Db db, CourseRepository courses, ILogger<Course> logger, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        var course = await courses.FindAsync(work, id);
        if (course is null) return TypedResults.NotFound();
        if (!caller.IsProvider(course.ProviderId)) return NotTheProvider();
        if (!ETags.Allows(ifMatch, course.Version)) return ETags.PreconditionFailed(response, course.Version, "course");
        if (course.Withdrawn) return Problems.Conflict("The course is withdrawn; its places can no longer change.");

        var (problems, conflicts) = (new Problems(), new Problems());
        var seats = request.ToSeats(course, problems, conflicts);
        if (problems.Any) return problems.ToResult();
        if (seats is null) return conflicts.ToConflict("The seats leave no room for the seats reserved through the system.");
        if (seats == course)
        {
            response.Tag(course.Version);
            return TypedResults.Ok(CourseResponse.From(course));
        }

        var changed = seats with { Version = course.Version + 1 };
        if (!await courses.UpdateAsync(work, changed)) return ChangedMeanwhile();
        await work.PublishAsync(new CourseSeatsChanged(changed.ToState()));
        await work.RecordAsync(caller, "course.change-seats", id);
        await work.CommitAsync(cancellationToken);

        logger.LogInformation(
            "Seats of {CourseId} now {SeatsFree} free of {SeatsTotal}, {SeatsTakenOutside} taken outside, {SeatsReserved} reserved",
            id, changed.SeatsFree, changed.SeatsTotal, changed.SeatsTakenOutside, changed.SeatsReserved);
        response.Tag(changed.Version);
        return TypedResults.Ok(CourseResponse.From(changed));
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> WithdrawCourse(
        Guid id, [FromHeader(Name = "If-Match")] string? ifMatch, Caller caller, HttpResponse response, Db db,
        CourseRepository courses, ILogger<Course> logger, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        var course = await courses.FindAsync(work, id);
        if (course is null) return TypedResults.NotFound();
        if (!caller.IsProvider(course.ProviderId)) return NotTheProvider();
        if (!ETags.Allows(ifMatch, course.Version)) return ETags.PreconditionFailed(response, course.Version, "course");
        if (course.Withdrawn)
        {
            response.Tag(course.Version);
            return TypedResults.NoContent();
        }

        var withdrawn = course with { Withdrawn = true, Version = course.Version + 1 };
        if (!await courses.UpdateAsync(work, withdrawn)) return ChangedMeanwhile();
        await work.PublishAsync(new CourseWithdrawn(withdrawn.ToState()));
        await work.RecordAsync(caller, "course.withdraw", id);
        await work.CommitAsync(cancellationToken);

        logger.LogInformation("Course {CourseId} withdrawn", id);
        response.Tag(withdrawn.Version);
        return TypedResults.NoContent();
    }

    // After the 404: whether a course exists is public anyway (GET /courses/{id}).
    private static ProblemHttpResult NotTheProvider() => Access.Denied("Only the course's own provider may change it.");

    // Only on PostgreSQL, where two requests can read the same version; SQLite lets one writer in at a time.
    private static ProblemHttpResult ChangedMeanwhile() => Problems.Conflict("The course was changed meanwhile; please try again.");
}
