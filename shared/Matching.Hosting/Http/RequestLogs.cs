using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Serilog.AspNetCore;
using Serilog.Events;

namespace Matching.Hosting.Http;

/// <summary>
/// Marks an endpoint whose path names a person (<c>DELETE /people/{reference}</c>): its request log line shows the route's
/// pattern, never the path, so no pseudonym reaches a log.
/// </summary>
public sealed class PathNamesAPerson
{
    internal static readonly PathNamesAPerson Instance = new();

    private PathNamesAPerson()
    {
    }
}

public static class RequestLogs
{
    /// <summary>Logs the endpoint's route pattern instead of its path (see <see cref="PathNamesAPerson"/>).</summary>
    public static TBuilder KeepsPathOutOfLogs<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(PathNamesAPerson.Instance);

    /// <summary>The request log line's properties as Serilog writes them, but for the path of an endpoint marked <see cref="PathNamesAPerson"/>.</summary>
    internal static void Configure(RequestLoggingOptions options) =>
        options.GetMessageTemplateProperties = (context, path, elapsed, status) =>
        [
            new LogEventProperty("RequestMethod", new ScalarValue(context.Request.Method)),
            new LogEventProperty("RequestPath", new ScalarValue(Logged(context, path))),
            new LogEventProperty("StatusCode", new ScalarValue(status)),
            new LogEventProperty("Elapsed", new ScalarValue(elapsed)),
        ];

    private static string Logged(HttpContext context, string path) =>
        context.GetEndpoint() is RouteEndpoint endpoint && endpoint.Metadata.GetMetadata<PathNamesAPerson>() is not null
            ? endpoint.RoutePattern.RawText ?? "(a path that names a person)"
            : path;
}
