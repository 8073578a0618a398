using Courses.Api.Courses;
using Matching.Hosting.Http;
using Matching.Hosting.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Courses.Api.Reservations;

/// <summary>
/// A provider sees which placements reserved seats of its own courses, by placement id alone: the service holds no
/// personal data. The city's coordinators, who read everything, see them too.
/// </summary>
public static class SeatReservationsApi
{
    public static IEndpointRouteBuilder MapSeatReservations(this IEndpointRouteBuilder app)
    {
        app.MapGet("/courses/{id:guid}/reservations", ListReservations)
            .RequireRoles(Roles.Provider, Roles.Coordinator)
            .WithTags("Courses")
            .WithName("ListSeatReservations")
            .WithSummary("List the seat reservations of a course")
            .WithDescription("Each placement that asked for a seat, with whether it holds it (held), was refused (refused) or gave "
                + "it back (released), oldest change first, a page at a time (page from 1, pageSize 1 to 100, 50 by default). "
                + "Only for the course's own provider and coordinators.");
        return app;
    }

    private static async Task<Results<Ok<SeatReservationResponse[]>, ValidationProblem, NotFound, ProblemHttpResult>> ListReservations(
        Guid id, [FromQuery] string? page, [FromQuery] string? pageSize, Caller caller, HttpResponse response,
        CourseRepository courses, SeatReservations reservations, CancellationToken cancellationToken)
    {
        var problems = new Problems();
        var paging = Paging.From(problems, page, pageSize);
        if (problems.Any) return problems.ToResult();
        if (await courses.FindAsync(id, cancellationToken) is not { } course) return TypedResults.NotFound();
        if (!caller.IsProvider(course.ProviderId) && !caller.Is(Roles.Coordinator))
            return Access.Denied("Only the course's own provider sees its reservations.");

        var listed = await reservations.ListAsync(id, paging, cancellationToken);
        var total = await reservations.CountAsync(id, cancellationToken);
        // Paging appends "&page=…" to a list's filter; this list has none, so its links read "?&page=…".
        paging.Describe(response, $"/courses/{id}/reservations?", total);
        return TypedResults.Ok(listed.Select(SeatReservationResponse.From).ToArray());
    }
}
