using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Matching.Hosting.Http;

/// <summary>
/// A body that is not valid JSON, or has a value of the wrong type, becomes a 400 problem naming
/// the field (from the JSON path), instead of a bare 400 or a 500.
/// </summary>
internal sealed class BadRequestHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest) return false;

        var field = FieldOf(badRequest.InnerException as JsonException) ?? "body";
        var message = badRequest.InnerException is JsonException ? "is not valid JSON of the expected type"
            : badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge ? "is too large"
            : "is required: a JSON object";
        var problem = new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = badRequest.StatusCode,
            Title = "The request is not valid.",
        };
        context.Response.StatusCode = badRequest.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

    // "$.location.lat" → "location.lat"; "$.people[3].level" → "people[3].level"
    private static string? FieldOf(JsonException? exception)
    {
        var path = exception?.Path;
        if (string.IsNullOrEmpty(path) || path == "$") return null;
        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }
}
