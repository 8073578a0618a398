using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Matching.Api.Allocations;

/// <summary>How many allocations may run at once, and how many may wait their turn (<c>Allocations:MaxRunning</c>,
/// <c>Allocations:MaxWaiting</c>); both one per core unless configured.</summary>
public sealed class AllocationGateOptions
{
    public int MaxRunning { get; set; } = Environment.ProcessorCount;

    public int MaxWaiting { get; set; } = Environment.ProcessorCount;
}

/// <summary>
/// Lets a few allocations run at once: each keeps a core busy for up to its time limit, so more at once would only slow
/// every one of them down. A few more wait their turn, oldest first; beyond them, an allocation is not let in at all.
/// </summary>
public sealed class AllocationGate(IOptions<AllocationGateOptions> options) : IDisposable
{
    private readonly ConcurrencyLimiter limiter = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = Math.Max(1, options.Value.MaxRunning),
        QueueLimit = Math.Max(0, options.Value.MaxWaiting),
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    /// <summary>How many allocations wait their turn now.</summary>
    public long Waiting => limiter.GetStatistics()?.CurrentQueuedCount ?? 0;

    /// <summary>Waits for a turn; the lease is the turn (not acquired: too many wait already). Dispose it to hand the turn on.</summary>
    /// <exception cref="OperationCanceledException">The wait was cancelled.</exception>
    public ValueTask<RateLimitLease> EnterAsync(CancellationToken cancellation) => limiter.AcquireAsync(1, cancellation);

    public void Dispose() => limiter.Dispose();
}
