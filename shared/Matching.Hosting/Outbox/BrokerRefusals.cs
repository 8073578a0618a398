using RabbitMQ.Client.Exceptions;

namespace Matching.Hosting.Outbox;

/// <summary>
/// Tells when the broker has not taken the relay's publishes — refused them (negative confirms) or left them unconfirmed
/// past the relay's publish timeout — for so long that the connection itself is to blame. RabbitMQ 3.10 can go on doing
/// that on a channel that was open while a quorum queue's leader moved to another node, although the queue took
/// messages again long before: in the cluster test, the queues had a leader and an up-to-date follower while Courses'
/// publishes were refused for minutes, and a new connection (Courses started again) published at once. So after
/// <see cref="Patience"/> of nothing but such failures the relay starts the bus anew, on a new connection.
/// </summary>
public sealed class BrokerRefusals(TimeProvider clock)
{
    /// <summary>How long the broker may take nothing before the connection is renewed: well beyond a leader election
    /// (seconds), so that a broker which is only electing is not disturbed.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private DateTimeOffset? since;

    /// <summary>Whether <paramref name="exception"/> says the broker did not take a message: a refusal (a negative
    /// publisher confirm, not a returned message) in its causes, or the relay's publish timeout.</summary>
    public static bool NotTaken(Exception exception)
    {
        if (exception is OperationCanceledException) return true;
        for (Exception? each = exception; each is not null; each = each.InnerException)
            if (each is PublishException { IsReturn: false }) return true;
        return false;
    }

    /// <summary>A batch got through: whatever was refused before is over.</summary>
    public void Published() => since = null;

    /// <summary>A batch failed; true when the broker has taken nothing for <see cref="Patience"/> or longer and the
    /// connection is to be renewed (the count starts again then).</summary>
    public bool RenewAfter(Exception exception)
    {
        if (!NotTaken(exception))
        {
            // A connection that failed (MassTransit reconnects by itself), or the database: not what renewing mends.
            since = null;
            return false;
        }

        var now = clock.GetUtcNow();
        since ??= now;
        if (now - since < Patience) return false;
        since = null;
        return true;
    }
}
