using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Matching.Hosting.Telemetry;

/// <summary>
/// Reads what a gauge reports from the database or the broker every <see cref="TelemetryOptions.SampleSeconds"/>, so
/// that a scrape of <c>/metrics</c> reads the last sample and never waits for either. A failed sample keeps the last
/// values and is logged; readiness, not the metrics, says whether the database and the broker are there.
/// </summary>
public abstract class Sampler(TelemetryOptions options, ILogger logger) : BackgroundService
{
    protected abstract Task SampleAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.SampleSeconds));
        do
        {
            try
            {
                await SampleAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "{Sampler} could not take a sample; the gauges keep the last one", GetType().Name);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try { return await timer.WaitForNextTickAsync(stoppingToken); }
        catch (OperationCanceledException) { return false; }
    }
}
