using Matching.Api.Projections;
using Microsoft.Extensions.Options;

namespace Matching.Api.Reports;

/// <summary>
/// Writes the free seats of the current week (<see cref="Figures.SupplyNow"/>) at start and every
/// <see cref="ReportOptions.SupplyInterval"/>, over what the week's last look wrote: a past week keeps what its last look
/// found, and the supply report shows the seats over time. Courses only; nothing about a person.
/// </summary>
public sealed class SupplySnapshots(ProjectionStore projections, ReportStore store, TimeProvider clock, IOptions<ReportOptions> options,
    ILogger<SupplySnapshots> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.SupplyInterval;
        if (interval <= TimeSpan.Zero) throw new InvalidOperationException("Reports:SupplyInterval must be positive");
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            do
            {
                try
                {
                    await WriteAsync(stoppingToken);
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(exception, "Writing this week's free seats failed; trying again");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task WriteAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetLocalNow().Date);
        var (courses, _, _) = await projections.LoadAllAsync(cancellationToken);
        var readable = courses.Where(row => row.State is not null).Select(row => row.State!);
        await store.WriteSupplyAsync(MatchCell.WeekOf(today), Figures.SupplyNow(readable, today), cancellationToken);
    }
}
