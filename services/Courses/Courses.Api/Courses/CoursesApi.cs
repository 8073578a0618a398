using Matching.Contracts;
using Matching.Hosting.Data;
using Matching.Hosting.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Courses.Api.Courses;

/// <summary>
/// Course providers publish their courses and keep the free places current. Every change bumps the
/// course's version and raises an event with the whole course, in the same transaction.
/// </summary>
public static class CoursesApi
{
    public static IServiceCollection AddCourses(this IServiceCollection services) =>
        services.AddSingleton<CourseRepository>();

    public static IEndpointRouteBuilder MapCourses(this IEndpointRouteBuilder app)
    {
        var courses = app.MapGroup("/courses").WithTags("Courses");

        courses.MapPost("/", PublishCourse)
            .WithName("PublishCourse")
            .WithSummary("Publish a course")
            .WithDescription("Stores the course as version 1 and raises CoursePublished. The location is required unless the course is online.");

        courses.MapGet("/{id:guid}", GetCourse)
            .WithName("GetCourse")
            .WithSummary("Get a course, withdrawn or not");

        courses.MapGet("/", ListCourses)
            .WithName("ListCourses")
            .WithSummary("List a provider's courses")
            .WithDescription("The courses of one provider that are not withdrawn, soonest first.");

        courses.MapPut("/{id:guid}/seats", PublishFreeSeats)
            .WithName("PublishFreeSeats")
            .WithSummary("Publish how many places are free")
            .WithDescription("Raises CourseSeatsChanged when the number changes. A withdrawn course is a conflict.");

        courses.MapDelete("/{id:guid}", WithdrawCourse)
            .WithName("WithdrawCourse")
            .WithSummary("Withdraw a course")
            .WithDescription("Raises CourseWithdrawn; withdrawing again changes nothing.");

        return app;
    }

    private static async Task<Results<Created<CourseResponse>, ValidationProblem>> PublishCourse(
        PublishCourseRequest request, Db db, CourseRepository courses, ILogger<Course> logger, CancellationToken cancellationToken)
    {
        var problems = new Problems();
        if (request.ToCourse(problems) is not { } course) return problems.ToResult();

        await using var work = await db.BeginAsync(cancellationToken);
        await courses.InsertAsync(work, course);
        await work.PublishAsync(new CoursePublished(course.ToState()));
        await work.CommitAsync(cancellationToken);

        logger.LogInformation("Course {CourseId} published by {ProviderId}", course.Id, course.ProviderId);
        return TypedResults.Created($"/courses/{course.Id}", CourseResponse.From(course));
    }

    private static async Task<Results<Ok<CourseResponse>, NotFound>> GetCourse(
        Guid id, CourseRepository courses, CancellationToken cancellationToken) =>
        await courses.FindAsync(id, cancellationToken) is { } course
            ? TypedResults.Ok(CourseResponse.From(course))
            : TypedResults.NotFound();

    private static async Task<Results<Ok<CourseResponse[]>, ValidationProblem>> ListCourses(
        [FromQuery] string? providerId, CourseRepository courses, CancellationToken cancellationToken)
    {
        var problems = new Problems();
        providerId = problems.Text(providerId, "providerId", PublishCourseRequest.MaxProviderIdLength);
        if (problems.Any) return problems.ToResult();

        var offered = await courses.ListOfferedAsync(providerId, cancellationToken);
        return TypedResults.Ok(offered.Select(CourseResponse.From).ToArray());
    }

    private static async Task<Results<Ok<CourseResponse>, ValidationProblem, NotFound, ProblemHttpResult>> PublishFreeSeats(
        Guid id, PublishFreeSeatsRequest request, Db db, CourseRepository courses, ILogger<Course> logger, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        var course = await courses.FindAsync(work, id);
        if (course is null) return TypedResults.NotFound();
        if (course.Withdrawn) return Problems.Conflict("The course is withdrawn; its places can no longer change.");

        var problems = new Problems();
        var seatsFree = problems.Range(request.SeatsFree, "seatsFree", 0, course.SeatsTotal);
        if (problems.Any) return problems.ToResult();
        if (seatsFree == course.SeatsFree) return TypedResults.Ok(CourseResponse.From(course));

        var changed = course with { SeatsFree = seatsFree, Version = course.Version + 1 };
        if (!await courses.UpdateAsync(work, changed)) return ChangedMeanwhile();
        await work.PublishAsync(new CourseSeatsChanged(changed.ToState()));
        await work.CommitAsync(cancellationToken);

        logger.LogInformation("Seats of {CourseId} now {SeatsFree}", id, seatsFree);
        return TypedResults.Ok(CourseResponse.From(changed));
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> WithdrawCourse(
        Guid id, Db db, CourseRepository courses, ILogger<Course> logger, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        var course = await courses.FindAsync(work, id);
        if (course is null) return TypedResults.NotFound();
        if (course.Withdrawn) return TypedResults.NoContent();

        var withdrawn = course with { Withdrawn = true, Version = course.Version + 1 };
        if (!await courses.UpdateAsync(work, withdrawn)) return ChangedMeanwhile();
        await work.PublishAsync(new CourseWithdrawn(withdrawn.ToState()));
        await work.CommitAsync(cancellationToken);

        logger.LogInformation("Course {CourseId} withdrawn", id);
        return TypedResults.NoContent();
    }

    // Only on PostgreSQL, where two requests can read the same version; SQLite lets one writer in at a time.
    private static ProblemHttpResult ChangedMeanwhile() => Problems.Conflict("The course was changed meanwhile; please try again.");
}
