using MassTransit;
using Matching.Hosting.Data;

namespace Matching.Hosting.Outbox;

/// <summary>
/// How a service consumes a command that changes its data: open a unit of work, skip a redelivery through the inbox,
/// handle the message, commit, and only then report what happened. The inbox row, the change and the answers published
/// through the unit of work commit together, so a redelivered message changes nothing.
/// </summary>
/// <remarks>The inbox knows the consumer by its class name: renaming the class lets a redelivery from before through once.</remarks>
/// <typeparam name="TMessage">The one message this consumer handles.</typeparam>
/// <typeparam name="TOutcome">What handling the message came to, for <see cref="Committed"/>.</typeparam>
public abstract class InboxConsumer<TMessage, TOutcome>(Db db) : IConsumer<TMessage> where TMessage : class
{
    public async Task Consume(ConsumeContext<TMessage> context)
    {
        await using var work = await db.BeginAsync(context.CancellationToken);
        if (!await work.FirstDeliveryAsync(context.MessageId, GetType().Name)) return;
        var outcome = await HandleAsync(work, context.Message);
        await work.CommitAsync(context.CancellationToken);
        Committed(context.Message, outcome);
    }

    /// <summary>Makes the change the message asks for in <paramref name="work"/>, publishing the answer through it; the caller commits.</summary>
    protected abstract Task<TOutcome> HandleAsync(UnitOfWork work, TMessage message);

    /// <summary>Called once the change is committed: the place to log it, since only now has it happened.</summary>
    protected abstract void Committed(TMessage message, TOutcome outcome);
}
