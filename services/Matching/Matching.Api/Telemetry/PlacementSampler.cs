using Dapper;
using Matching.Hosting.Data;
using Matching.Hosting.Telemetry;

namespace Matching.Api.Telemetry;

/// <summary>Counts the placements by state for <see cref="MatchingMetrics"/>.</summary>
internal sealed class PlacementSampler(Db db, MatchingMetrics metrics, TelemetryOptions options, ILogger<PlacementSampler> logger)
    : Sampler(options, logger)
{
    private const string CountByState = """
        select state as State, count(*) as Count
        from placements
        group by state
        order by state
        """;

    protected override async Task SampleAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        metrics.Sampled((await connection.QueryAsync<PlacementCount>(CountByState)).AsList());
    }
}
