namespace Matching.Engine;

/// <summary>
/// When work must stop: a time limit measured on the caller's clock, or the caller's cancellation (the client has
/// gone), whichever comes first. The engine reads no clock of its own; it asks the deadline it was given.
/// </summary>
public sealed class Deadline
{
    private readonly TimeProvider? clock;
    private readonly long started;
    private readonly TimeSpan limit;
    private readonly CancellationToken cancellation;

    /// <param name="limit">How long from now the work may take.</param>
    /// <param name="clock">Measures the time taken against <paramref name="limit"/>.</param>
    /// <param name="cancellation">Stops the work at once when cancelled.</param>
    public Deadline(TimeSpan limit, TimeProvider clock, CancellationToken cancellation = default)
    {
        this.clock = clock;
        this.limit = limit;
        this.cancellation = cancellation;
        started = clock.GetTimestamp();
    }

    private Deadline() => limit = TimeSpan.MaxValue;

    /// <summary>No limit and no cancellation: the work runs to its end.</summary>
    public static Deadline None { get; } = new();

    /// <summary>How much time is left; zero once cancelled.</summary>
    public TimeSpan Left =>
        cancellation.IsCancellationRequested ? TimeSpan.Zero
        : clock is null ? TimeSpan.MaxValue
        : limit - clock.GetElapsedTime(started);

    public bool Passed => Left <= TimeSpan.Zero;

    /// <summary>A deadline that passes once <paramref name="share"/> of the time now left has gone, or when this one is
    /// cancelled; without a limit, this one.</summary>
    public Deadline Share(double share) => clock is null ? this : new Deadline(Left * share, clock, cancellation);

    /// <summary>A deadline that passes <paramref name="reserve"/> before this one, or when this one is cancelled; without
    /// a limit, this one.</summary>
    public Deadline Less(TimeSpan reserve) => clock is null ? this : new Deadline(Left - reserve, clock, cancellation);
}
