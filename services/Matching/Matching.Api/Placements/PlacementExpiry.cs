using Matching.Hosting.Data;
using Microsoft.Extensions.Options;

namespace Matching.Api.Placements;

/// <summary>Section <c>Placements</c>.</summary>
public sealed class PlacementOptions
{
    /// <summary>How long a requested placement waits for Courses and Employers to answer before it is rejected and what it holds is given back.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a reserved placement waits to be confirmed before its seat and position are released.</summary>
    public TimeSpan ReservationTimeout { get; set; } = TimeSpan.FromDays(14);
}

/// <summary>
/// Settles placements that waited too long: rejects those still reserving after <see cref="PlacementOptions.RequestTimeout"/>
/// (no answer in time) and releases reservations not confirmed within <see cref="PlacementOptions.ReservationTimeout"/>,
/// giving back what they hold.
/// </summary>
public sealed class PlacementExpiry(Db db, PlacementStore placements, TimeProvider clock, IOptions<PlacementOptions> options,
    ILogger<PlacementExpiry> logger) : BackgroundService
{
    public const string NotConfirmedInTime = "not confirmed in time";

    private const int BatchSize = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var (requestTimeout, reservationTimeout) = (options.Value.RequestTimeout, options.Value.ReservationTimeout);
        if (requestTimeout <= TimeSpan.Zero) throw new InvalidOperationException("Placements:RequestTimeout must be positive");
        if (reservationTimeout <= TimeSpan.Zero) throw new InvalidOperationException("Placements:ReservationTimeout must be positive");

        // A placement outlives its time by at most a tenth of it, and never by more than a minute.
        var shorter = TimeSpan.FromTicks(Math.Min(requestTimeout.Ticks, reservationTimeout.Ticks));
        var interval = TimeSpan.FromTicks(Math.Clamp(shorter.Ticks / 10, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerMinute));
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            do
            {
                try
                {
                    while (await SettleAsync(placements.RequestedBeforeAsync, requestTimeout, PlacementState.Requested,
                        (placement, now) => placement.Expire(now), stoppingToken) == BatchSize) { }
                    while (await SettleAsync(placements.ReservedBeforeAsync, reservationTimeout, PlacementState.Reserved,
                        (placement, now) => placement.Release(NotConfirmedInTime, now), stoppingToken) == BatchSize) { }
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(exception, "Settling expired placements failed; trying again");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <param name="due">Finds the placements in <paramref name="state"/> since before a time, oldest first, up to a number.</param>
    /// <param name="step">What becomes of one whose time ran out.</param>
    /// <returns>How many placements were looked at.</returns>
    private async Task<int> SettleAsync(Func<DateTimeOffset, int, CancellationToken, Task<IReadOnlyList<Placement>>> due, TimeSpan timeout,
        PlacementState state, Func<Placement, DateTimeOffset, Placement> step, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var expired = await due(now - timeout, BatchSize, cancellationToken);
        foreach (var candidate in expired)
        {
            await using var work = await db.BeginAsync(cancellationToken);
            // Read again inside the transaction: it may have been answered, confirmed or cancelled meanwhile.
            var placement = await placements.FindAsync(work, candidate.Id);
            if (placement is null || placement.State != state) continue;
            var next = step(placement, now);
            if (!await placements.SaveAsync(work, placement, next)) continue;
            await work.CommitAsync(cancellationToken);
            logger.LogInformation("Placement {PlacementId} {State}: {Reason}", placement.Id, next.State, next.Reason);
        }

        return expired.Count;
    }
}
