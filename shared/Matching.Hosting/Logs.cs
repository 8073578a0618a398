using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Matching.Hosting;

internal static class Logs
{
    /// <summary>Serilog to the console, each event tagged with the service; JSON lines when <c>Logs:Format</c> is <c>json</c>.</summary>
    /// <remarks>Serilog takes the trace and span ids of the activity under way into every event: JSON lines carry them as
    /// <c>@tr</c> and <c>@sp</c>, text lines show the trace id after the correlation id.</remarks>
    public static IServiceCollection AddLogs(this IServiceCollection services, IConfiguration configuration, string serviceName) =>
        services.AddSerilog((_, logger) =>
        {
            logger.ReadFrom.Configuration(configuration)
                .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
                .MinimumLevel.Override("MassTransit", LogEventLevel.Warning)
                .Enrich.FromLogContext()
                .Enrich.WithProperty("Service", serviceName);
            if (string.Equals(configuration["Logs:Format"], "json", StringComparison.OrdinalIgnoreCase))
                logger.WriteTo.Console(new RenderedCompactJsonFormatter());
            else
                logger.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Service} {CorrelationId} {TraceId} {Message:lj}{NewLine}{Exception}");
        });
}
