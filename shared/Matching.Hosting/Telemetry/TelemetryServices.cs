using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Matching.Hosting.Telemetry;

internal static class TelemetryServices
{
    /// <summary>Every meter named <c>Matching.*</c> is exported: a service adds its own (see <see cref="Sampler"/>) under that name.</summary>
    private const string ServiceMeters = "Matching.*";

    /// <summary>
    /// OpenTelemetry traces (HTTP in and out, MassTransit, Npgsql, the outbox relay) and metrics (HTTP, MassTransit, the
    /// host's and the service's own meters) for <c>/metrics</c>; both to an OTLP collector when <c>Telemetry:OtlpEndpoint</c>
    /// is set, to none otherwise. Traces are kept even unexported: logs and the outbox carry their ids.
    /// </summary>
    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        var options = configuration.GetSection("Telemetry").Get<TelemetryOptions>() ?? new TelemetryOptions();
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<HostingMetrics>();
        services.AddHostedService<HostingSampler>();
        services.AddConsumeObserver<MessageLag>();

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceInstanceId: $"{Environment.MachineName}-{Environment.ProcessId}"))
            .WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation(http => http.Filter = context => !IsPlumbing(context.Request.Path))
                    .AddHttpClientInstrumentation()
                    .AddSource(Traces.SourceName)
                    .AddSource(Traces.LibrarySources);
                if (options.OtlpEndpoint is { IsAbsoluteUri: true } endpoint)
                    tracing.AddOtlpExporter(otlp => Export(otlp, options, endpoint, "v1/traces"));
            })
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddMeter("MassTransit", HostingMetrics.MeterName, ServiceMeters)
                    .AddPrometheusExporter();
                if (options.OtlpEndpoint is { IsAbsoluteUri: true } endpoint)
                    metrics.AddOtlpExporter(otlp => Export(otlp, options, endpoint, "v1/metrics"));
            });
        return services;
    }

    /// <summary><c>GET /metrics</c> in Prometheus' text format, open like the health endpoints: it holds counts and times, nothing about anyone.</summary>
    public static WebApplication MapMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
        return app;
    }

    // The scrapes and the probes would outnumber every real request in the traces.
    private static bool IsPlumbing(PathString path) =>
        path.StartsWithSegments("/metrics") || path.StartsWithSegments("/health");

    private static void Export(OtlpExporterOptions otlp, TelemetryOptions options, Uri endpoint, string signalPath)
    {
        otlp.Protocol = options.OtlpProtocol;
        // Set in code, the endpoint is taken as it is; over HTTP each signal has its own path below the collector's address.
        otlp.Endpoint = options.OtlpProtocol == OtlpExportProtocol.HttpProtobuf
            ? new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath)
            : endpoint;
    }
}
