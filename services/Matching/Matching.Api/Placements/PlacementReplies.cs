using System.Data;
using Matching.Contracts;
using Matching.Hosting.Data;
using MassTransit;

namespace Matching.Api.Placements;

/// <summary>
/// Moves placements on as the Courses and Employers services answer. Each answer is applied in one
/// transaction with its inbox row, so a redelivered answer changes nothing; the releases a step sends
/// commit with it. An answer for a placement that never asked for it (an unknown placement, another course or
/// opening) is logged and ignored: throwing would only retry it and move it to the error queue.
/// </summary>
public sealed class PlacementReplies(Db db, PlacementStore placements, TimeProvider clock, ILogger<PlacementReplies> logger) :
    IConsumer<SeatReserved>, IConsumer<SeatRefused>, IConsumer<PositionHeld>, IConsumer<PositionRefused>
{
    public Task Consume(ConsumeContext<SeatReserved> context) =>
        ApplyAsync(context, context.Message.PlacementId, Part.Seat, context.Message.CourseId, (placement, now) => placement.Held(Part.Seat, now));

    public Task Consume(ConsumeContext<SeatRefused> context) =>
        ApplyAsync(context, context.Message.PlacementId, Part.Seat, context.Message.CourseId,
            (placement, now) => placement.Refused(Part.Seat, context.Message.Reason, now));

    public Task Consume(ConsumeContext<PositionHeld> context) =>
        ApplyAsync(context, context.Message.PlacementId, Part.Position, context.Message.OpeningId, (placement, now) => placement.Held(Part.Position, now));

    public Task Consume(ConsumeContext<PositionRefused> context) =>
        ApplyAsync(context, context.Message.PlacementId, Part.Position, context.Message.OpeningId,
            (placement, now) => placement.Refused(Part.Position, context.Message.Reason, now));

    /// <param name="about">The course or opening the answer is about.</param>
    private async Task ApplyAsync<T>(ConsumeContext<T> context, Guid placementId, Part part, Guid about, Func<Placement, DateTimeOffset, Placement> step)
        where T : class
    {
        await using var work = await db.BeginAsync(context.CancellationToken);
        if (!await work.FirstDeliveryAsync(context.MessageId, nameof(PlacementReplies))) return;

        var placement = await placements.FindAsync(work, placementId);
        if (placement is null || !placement.AskedFor(part, about))
        {
            await work.CommitAsync(context.CancellationToken);
            logger.LogWarning("{Answer} about {Id} for placement {PlacementId}, which never asked for it, ignored",
                typeof(T).Name, about, placementId);
            return;
        }

        var next = step(placement, clock.GetUtcNow());
        // Another answer for the same placement committed in between (PostgreSQL; SQLite lets one writer in at a time):
        // the retry reads the placement afresh.
        if (!await placements.SaveAsync(work, placement, next)) throw new DBConcurrencyException($"Placement {placementId} changed meanwhile");
        await work.CommitAsync(context.CancellationToken);

        if (next.State != placement.State)
            logger.LogInformation("Placement {PlacementId} {State} {Reason}", placementId, next.State, next.Reason);
    }
}
