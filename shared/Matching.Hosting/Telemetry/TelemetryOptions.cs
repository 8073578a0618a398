using OpenTelemetry.Exporter;

namespace Matching.Hosting.Telemetry;

/// <summary>Section <c>Telemetry</c>: where traces and metrics go beside <c>/metrics</c>, and how often the sampled gauges are read.</summary>
public sealed class TelemetryOptions
{
    /// <summary>An OpenTelemetry collector (e.g. <c>http://collector:4318</c>); none by default, and then nothing is exported.</summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary><c>HttpProtobuf</c> (port 4318, the default) or <c>Grpc</c> (port 4317).</summary>
    public OtlpExportProtocol OtlpProtocol { get; set; } = OtlpExportProtocol.HttpProtobuf;

    /// <summary>How often the gauges that need the database or the broker (outbox backlog, error queues, …) are read.</summary>
    public double SampleSeconds { get; set; } = 15;
}
