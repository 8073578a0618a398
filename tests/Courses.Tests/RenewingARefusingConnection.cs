using Matching.Hosting.Outbox;
using MassTransit;
using BrokerPublishException = RabbitMQ.Client.Exceptions.PublishException;

namespace Courses.Tests;

/// <summary>When the outbox relay gives up on its connection: after the broker took nothing, for long enough.</summary>
public sealed class RenewingARefusingConnection
{
    private readonly ManualClock clock = new();

    private static Exception Refused() =>
        new RabbitMqConnectionException("BasicPublishAsync failed", new BrokerPublishException(publishSequenceNumber: 7, isReturn: false));

    [Fact]
    public void Refusals_for_the_whole_patience_should_renew_the_connection_once()
    {
        var refusals = new BrokerRefusals(clock);
        Assert.False(refusals.RenewAfter(Refused()));
        clock.Advance(BrokerRefusals.Patience - TimeSpan.FromSeconds(1));
        Assert.False(refusals.RenewAfter(Refused()));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(refusals.RenewAfter(Refused()));
        // The count starts again: the next refusal is not yet a reason.
        Assert.False(refusals.RenewAfter(Refused()));
    }

    [Fact]
    public void A_batch_that_got_through_should_start_the_count_again()
    {
        var refusals = new BrokerRefusals(clock);
        Assert.False(refusals.RenewAfter(Refused()));
        clock.Advance(BrokerRefusals.Patience - TimeSpan.FromSeconds(1));
        refusals.Published();
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.False(refusals.RenewAfter(Refused()));
    }

    [Fact]
    public void Publishes_left_unconfirmed_past_the_timeout_should_count_as_refused()
    {
        var refusals = new BrokerRefusals(clock);
        Assert.False(refusals.RenewAfter(new OperationCanceledException()));
        clock.Advance(BrokerRefusals.Patience);
        Assert.True(refusals.RenewAfter(Refused()));
    }

    [Fact]
    public void Other_failures_should_never_renew_the_connection()
    {
        var refusals = new BrokerRefusals(clock);
        Assert.False(refusals.RenewAfter(Refused()));
        clock.Advance(BrokerRefusals.Patience);
        // A broker out of reach, the database, a returned message: MassTransit reconnects on its own, or it is not the connection.
        Assert.False(refusals.RenewAfter(new RabbitMqConnectionException("Connect failed")));
        Assert.False(refusals.RenewAfter(new TimeoutException("database")));
        Assert.False(refusals.RenewAfter(new BrokerPublishException(publishSequenceNumber: 8, isReturn: true)));
        Assert.False(BrokerRefusals.NotTaken(new BrokerPublishException(publishSequenceNumber: 8, isReturn: true)));
        Assert.True(BrokerRefusals.NotTaken(new AggregateException(Refused())));
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }
}
