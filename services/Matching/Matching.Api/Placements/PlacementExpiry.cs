using Matching.Hosting.Data;
using Microsoft.Extensions.Options;

namespace Matching.Api.Placements;

/// <summary>Section <c>Placements</c>.</summary>
public sealed class PlacementOptions
{
    /// <summary>How long a reserved placement waits to be confirmed before its seat and position are released.</summary>
    public TimeSpan ReservationTimeout { get; set; } = TimeSpan.FromDays(14);
}

/// <summary>Releases reservations that were not confirmed in time, giving their seats and positions back.</summary>
public sealed class PlacementExpiry(Db db, PlacementStore placements, TimeProvider clock, IOptions<PlacementOptions> options,
    ILogger<PlacementExpiry> logger) : BackgroundService
{
    public const string NotConfirmedInTime = "not confirmed in time";

    private const int BatchSize = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timeout = options.Value.ReservationTimeout;
        if (timeout <= TimeSpan.Zero) throw new InvalidOperationException("Placements:ReservationTimeout must be positive");

        // A reservation outlives its time by at most a tenth of it, and never by more than a minute.
        var interval = TimeSpan.FromTicks(Math.Clamp(timeout.Ticks / 10, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerMinute));
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            do
            {
                try
                {
                    while (await ReleaseExpiredAsync(timeout, stoppingToken) == BatchSize) { }
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(exception, "Releasing expired reservations failed; trying again");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <returns>How many placements were looked at.</returns>
    private async Task<int> ReleaseExpiredAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var expired = await placements.ReservedBeforeAsync(now - timeout, BatchSize, cancellationToken);
        foreach (var candidate in expired)
        {
            await using var work = await db.BeginAsync(cancellationToken);
            // Read again inside the transaction: it may have been confirmed or cancelled meanwhile.
            var placement = await placements.FindAsync(work, candidate.Id);
            if (placement is not { State: PlacementState.Reserved }) continue;
            if (!await placements.SaveAsync(work, placement, placement.Release(NotConfirmedInTime, now))) continue;
            await work.CommitAsync(cancellationToken);
            logger.LogInformation("Placement {PlacementId} released: {Reason}", placement.Id, NotConfirmedInTime);
        }

        return expired.Count;
    }
}
