using Microsoft.Extensions.Options;

namespace Matching.Api.Reports;

/// <summary>Section <c>Reports</c>.</summary>
public sealed class ReportOptions
{
    /// <summary>How often the match counts held in memory are added to the database; a report adds them first anyway.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often this week's free seats are written again for the supply over time (<see cref="SupplySnapshots"/>).</summary>
    public TimeSpan SupplyInterval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// Adds what <see cref="MatchCounter"/> counted to the database every <see cref="ReportOptions.FlushInterval"/> and when
/// the service stops. A batch that cannot be stored goes back to the counter for the next try; what a crash loses is at
/// most one interval's counts, never an answer to a caseworker.
/// </summary>
public sealed class MatchCountFlush(MatchCounter counter, ReportStore store, TimeProvider clock, IOptions<ReportOptions> options,
    ILogger<MatchCountFlush> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.FlushInterval;
        if (interval <= TimeSpan.Zero) throw new InvalidOperationException("Reports:FlushInterval must be positive");
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await TryFlushAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await TryFlushAsync(cancellationToken);
    }

    private async Task TryFlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await FlushAsync(counter, store, cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "Storing the match counts failed; trying again");
        }
    }

    /// <summary>Stores what was counted so far; on failure gives it back to the counter and throws.</summary>
    public static async Task FlushAsync(MatchCounter counter, ReportStore store, CancellationToken cancellationToken)
    {
        var taken = counter.TakeAll();
        if (taken.Count == 0) return;
        try
        {
            await store.AddCountsAsync(taken, cancellationToken);
        }
        catch
        {
            foreach (var (cell, requests) in taken) counter.Add(cell, requests);
            throw;
        }
    }
}
