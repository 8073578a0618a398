using System.Diagnostics;
using Matching.Engine;
using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Matching.Api.Projections;

/// <summary>
/// Fills the in-memory catalog from the database, and only once the replica's own feed is bound: an event published
/// before then was stored by whichever replica took it from the shared queue, one published after reaches the feed,
/// so none falls between the two. Loading first and binding after would lose what another replica stored in between.
/// </summary>
/// <remarks>
/// The service takes no request before the first load (the host starts listening after <see cref="StartAsync"/>),
/// so it starts once the broker is reachable. The catalog is loaded again each time the feed is bound anew (a broker
/// restart takes the temporary queue, and what it missed, with it), and once more a while after each binding, for
/// events another replica had taken from the shared queue but not yet stored. Loading again changes only what is newer.
/// A stored row that cannot be read or fails <see cref="StateRules"/> is skipped and logged, never fatal.
/// </remarks>
public sealed class CatalogLoader(ProjectionStore store, Catalog catalog, CatalogFeedBinding feed, ILogger<CatalogLoader> logger)
    : BackgroundService
{
    /// <summary>Longer than a consumer takes to store an event, retries included (about 7 s).</summary>
    private static readonly TimeSpan CatchUpAfter = TimeSpan.FromSeconds(30);

    private readonly TaskCompletionSource loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool Loaded => loaded.Task.IsCompletedSuccessfully;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await base.StartAsync(cancellationToken);
        await loaded.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await feed.BoundAsync(stoppingToken);
            await LoadAsync(stoppingToken);
            loaded.TrySetResult();
        }
        catch (Exception exception)
        {
            loaded.TrySetException(exception); // the host does not start without its catalog
            return;
        }

        // Then again at each new binding, and once more a while after each binding's load.
        var bound = feed.BoundAsync(stoppingToken);
        var catchUp = Task.Delay(CatchUpAfter, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var woke = await Task.WhenAny(bound, catchUp);
                await woke;
                if (woke == bound)
                {
                    bound = feed.BoundAsync(stoppingToken);
                    catchUp = Task.Delay(CatchUpAfter, stoppingToken);
                }
                else
                {
                    catchUp = Task.Delay(Timeout.Infinite, stoppingToken);
                }

                await LoadAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The catalog answers as it stands; the next binding or catch-up loads again.
                logger.LogWarning(exception, "Loading the catalog again failed");
            }
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var (courses, openings, agreements) = await store.LoadAllAsync(cancellationToken);
        var read = Stopwatch.GetElapsedTime(started);
        var coursesLoaded = Apply(courses, StateRules.Check, course => catalog.Apply(course.ToCourse()));
        var openingsLoaded = Apply(openings, StateRules.Check, opening => catalog.Apply(opening.ToOpening()));
        var agreementsLoaded = Apply(agreements, StateRules.Check, agreement => catalog.Apply(agreement.ToAgreement()));
        // How long a start spends on its catalog, and on which half: reading the rows (their JSON) or indexing them.
        logger.LogInformation(
            "Catalog loaded: {Courses} courses, {Openings} openings, {Agreements} agreements; {Skipped} stored rows skipped; "
            + "read in {ReadSeconds:0.00} s, indexed in {IndexSeconds:0.00} s",
            coursesLoaded, openingsLoaded, agreementsLoaded,
            courses.Count + openings.Count + agreements.Count - coursesLoaded - openingsLoaded - agreementsLoaded,
            read.TotalSeconds, (Stopwatch.GetElapsedTime(started) - read).TotalSeconds);
    }

    /// <returns>How many rows were loaded, not skipped.</returns>
    private int Apply<T>(IReadOnlyList<Stored<T>> rows, Func<T?, IReadOnlyList<string>> check, Func<T, bool> apply) where T : class
    {
        var loaded = 0;
        foreach (var row in rows)
        {
            var problem = row.Problem ?? string.Join("; ", check(row.State));
            if (problem.Length == 0)
            {
                apply(row.State!);
                loaded++;
            }
            else
            {
                // The problem names fields, never their values.
                logger.LogWarning("Skipped stored {Table} row {Id}: {Problem}", row.Table, row.Id, problem);
            }
        }

        return loaded;
    }
}

/// <summary>
/// Tells when the replica's own feed queue is bound and consuming, at start and after each reconnection to the broker:
/// the feed's endpoint reports ready once its queue is declared, bound to the event exchanges and consumed from.
/// </summary>
public sealed class CatalogFeedBinding : IReceiveEndpointObserver
{
    private readonly SemaphoreSlim bound = new(0, 1);

    /// <summary>Names this replica's feed queue, and picks it out among the endpoints.</summary>
    public string InstanceId { get; } = NewId.NextGuid().ToString("N")[..12];

    /// <summary>Waits for the next binding, or returns at once if the feed was bound since the last wait.</summary>
    public Task BoundAsync(CancellationToken cancellationToken) => bound.WaitAsync(cancellationToken);

    public Task Ready(ReceiveEndpointReady ready)
    {
        if (ready.InputAddress.AbsolutePath.Contains(InstanceId, StringComparison.Ordinal))
        {
            try { bound.Release(); }
            catch (SemaphoreFullException) { /* a binding not yet waited for: one load covers both */ }
        }

        return Task.CompletedTask;
    }

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;
}

/// <summary>Ready only once the catalog is loaded: before that, queries would find nothing.</summary>
internal sealed class CatalogHealthCheck(CatalogLoader loader) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(loader.Loaded ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("catalog not loaded yet"));
}
