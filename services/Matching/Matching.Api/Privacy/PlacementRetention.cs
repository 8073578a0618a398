using Matching.Hosting.Data;
using Microsoft.Extensions.Options;

namespace Matching.Api.Privacy;

/// <summary>Section <c>Privacy</c>.</summary>
public sealed class PrivacyOptions
{
    /// <summary>How many days a placement that ended (confirmed, rejected, released) is kept after its last change; 0 erases it as soon as it ends.</summary>
    public int RetentionDays { get; set; } = 365;

    /// <summary>How often the retention sweep looks for placements to erase.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// Erases placements that ended more than <see cref="PrivacyOptions.RetentionDays"/> ago, the same way a caseworker's
/// erasure does, a batch per transaction. The time comes from the <see cref="TimeProvider"/>, so a test can move it.
/// </summary>
public sealed class PlacementRetention(Db db, ErasureStore erasures, TimeProvider clock, IOptions<PrivacyOptions> options,
    ILogger<PlacementRetention> logger) : BackgroundService
{
    private const int BatchSize = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var (days, interval) = (options.Value.RetentionDays, options.Value.SweepInterval);
        if (days < 0) throw new InvalidOperationException("Privacy:RetentionDays must not be negative");
        if (interval <= TimeSpan.Zero) throw new InvalidOperationException("Privacy:SweepInterval must be positive");

        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            do
            {
                try
                {
                    while (await SweepAsync(TimeSpan.FromDays(days), stoppingToken)) { }
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(exception, "Erasing placements past their retention failed; trying again");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <returns>Whether a full batch was erased, so there may be more.</returns>
    private async Task<bool> SweepAsync(TimeSpan retention, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        Erasure? erasure;
        await using (var work = await db.BeginAsync(cancellationToken))
        {
            erasure = await erasures.EraseEndedAsync(work, now - retention, BatchSize, now);
            if (erasure is null) return false;
            await work.CommitAsync(cancellationToken);
        }

        logger.LogInformation("Erasure {ErasureId} erased {Placements} placements past their retention", erasure.Id, erasure.Placements);
        return erasure.Placements == BatchSize;
    }
}
