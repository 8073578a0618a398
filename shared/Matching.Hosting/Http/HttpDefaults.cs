using Matching.Hosting.Messaging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serilog;

namespace Matching.Hosting.Http;

internal static class HttpDefaults
{
    /// <summary>A request body limit (<c>Http:MaxRequestBodyBytes</c>, 1 MiB by default), the messages' JSON shape, problem details and OpenAPI.</summary>
    public static IServiceCollection AddHttpDefaults(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<KestrelServerOptions>(kestrel =>
            kestrel.Limits.MaxRequestBodySize = configuration.GetValue<long?>("Http:MaxRequestBodyBytes") ?? 1024 * 1024);
        services.Configure<JsonOptions>(options => MessageJson.Configure(options.SerializerOptions));
        // A body that does not bind throws, so that BadRequestHandler can name the field.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestHandler>();
        services.AddOpenApi(options => options.AddHouseConventions());
        return services;
    }

    /// <summary>Correlation ids, request logs, and problem details for exceptions and bare status codes.</summary>
    public static WebApplication UseHttpDefaults(this WebApplication app)
    {
        app.UseMiddleware<CorrelationMiddleware>();
        app.UseSerilogRequestLogging(RequestLogs.Configure);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    /// <summary>The OpenAPI document; liveness (the process answers) and readiness (every check tagged "ready" passes).</summary>
    public static WebApplication MapHttpDefaults(this WebApplication app)
    {
        // Open to anyone: a load balancer and a client generator need no token.
        app.MapOpenApi().AllowAnonymous();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();
        return app;
    }
}
