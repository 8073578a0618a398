using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Matching.Hosting.Http;

public static class Conflicts
{
    /// <summary>
    /// A 409 whose errors name the fields, as a 400's do: the request is well-formed, but what is stored now (e.g. the seats
    /// reserved through the system) does not allow it; once that changes, the same request may succeed.
    /// </summary>
    public static ProblemHttpResult ToConflict(this Problems problems, string title)
    {
        var details = problems.ToResult().ProblemDetails;
        (details.Status, details.Title, details.Type) = (StatusCodes.Status409Conflict, title, null);
        return TypedResults.Problem(details);
    }
}
