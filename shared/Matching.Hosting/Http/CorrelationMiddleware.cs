using Matching.Hosting.Messaging;
using Microsoft.AspNetCore.Http;
using Serilog.Context;

namespace Matching.Hosting.Http;

/// <summary>Takes the caller's X-Correlation-Id (or makes one), logs with it and hands it to every event the request publishes.</summary>
internal sealed class CorrelationMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var id = Guid.TryParse(context.Request.Headers[Correlation.Header], out var given) ? given : Guid.NewGuid();
        Correlation.Current = id;
        context.Response.Headers[Correlation.Header] = id.ToString();
        using (LogContext.PushProperty("CorrelationId", id))
        {
            await next(context);
        }
    }
}
