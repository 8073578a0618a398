namespace Matching.Api.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>The Matching service's own metrics (see <see cref="MatchingMetrics"/>); every meter named <c>Matching.*</c> reaches <c>/metrics</c>.</summary>
    public static IServiceCollection AddMatchingMetrics(this IServiceCollection services)
    {
        services.AddSingleton<MatchingMetrics>();
        services.AddHostedService<PlacementSampler>();
        return services;
    }
}
