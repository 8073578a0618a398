using System.Data;
using Matching.Contracts;
using Matching.Hosting.Data;
using MassTransit;

namespace Matching.Api.Placements;

/// <summary>
/// Moves placements on as the Courses and Employers services answer. Each answer is applied in one
/// transaction with its inbox row, so a redelivered answer changes nothing; the releases a step sends
/// commit with it.
/// </summary>
public sealed class PlacementReplies(Db db, PlacementStore placements, TimeProvider clock, ILogger<PlacementReplies> logger) :
    IConsumer<SeatReserved>, IConsumer<SeatRefused>, IConsumer<PositionHeld>, IConsumer<PositionRefused>
{
    public Task Consume(ConsumeContext<SeatReserved> context) =>
        ApplyAsync(context, context.Message.PlacementId, (placement, now) => placement.Held(Part.Seat, now));

    public Task Consume(ConsumeContext<SeatRefused> context) =>
        ApplyAsync(context, context.Message.PlacementId, (placement, now) => placement.Refused(Part.Seat, context.Message.Reason, now));

    public Task Consume(ConsumeContext<PositionHeld> context) =>
        ApplyAsync(context, context.Message.PlacementId, (placement, now) => placement.Held(Part.Position, now));

    public Task Consume(ConsumeContext<PositionRefused> context) =>
        ApplyAsync(context, context.Message.PlacementId, (placement, now) => placement.Refused(Part.Position, context.Message.Reason, now));

    private async Task ApplyAsync(ConsumeContext context, Guid placementId, Func<Placement, DateTimeOffset, Placement> step)
    {
        await using var work = await db.BeginAsync(context.CancellationToken);
        if (!await work.FirstDeliveryAsync(context.MessageId, nameof(PlacementReplies))) return;

        var placement = await placements.FindAsync(work, placementId);
        if (placement is null)
        {
            logger.LogWarning("Answer for unknown placement {PlacementId} ignored", placementId);
            await work.CommitAsync(context.CancellationToken);
            return;
        }

        var next = step(placement, clock.GetUtcNow());
        // Another answer for the same placement committed in between (PostgreSQL; SQLite lets one writer in
        // at a time): the retry reads the placement afresh.
        if (!await placements.SaveAsync(work, placement, next)) throw new DBConcurrencyException($"Placement {placementId} changed meanwhile");
        await work.CommitAsync(context.CancellationToken);

        if (next.State != placement.State)
            logger.LogInformation("Placement {PlacementId} {State} {Reason}", placementId, next.State, next.Reason);
    }
}
