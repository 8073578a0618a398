using Matching.Contracts;
using Matching.Hosting.Data;
using MassTransit;

namespace Employers.Api.Positions;

/// <summary>
/// Holds and releases positions for the Matching service's placements. The inbox row, the position and
/// quota, their new states and the answer commit together, so a redelivered command changes nothing.
/// </summary>
public sealed class PositionHoldConsumer(Db db, PositionHolds holds, TimeProvider clock, ILogger<PositionHoldConsumer> logger) :
    IConsumer<HoldPosition>, IConsumer<ReleasePosition>
{
    public async Task Consume(ConsumeContext<HoldPosition> context)
    {
        var command = context.Message;
        await using var work = await db.BeginAsync(context.CancellationToken);
        if (!await work.FirstDeliveryAsync(context.MessageId, nameof(PositionHoldConsumer))) return;
        var refusal = await holds.HoldAsync(work, command, clock.GetUtcNow());
        await work.CommitAsync(context.CancellationToken);

        if (refusal is null) logger.LogInformation("Position of {OpeningId} held for placement {PlacementId}", command.OpeningId, command.PlacementId);
        else logger.LogInformation("Position of {OpeningId} refused to placement {PlacementId}: {Reason}", command.OpeningId, command.PlacementId, refusal);
    }

    public async Task Consume(ConsumeContext<ReleasePosition> context)
    {
        var command = context.Message;
        await using var work = await db.BeginAsync(context.CancellationToken);
        if (!await work.FirstDeliveryAsync(context.MessageId, nameof(PositionHoldConsumer))) return;
        var released = await holds.ReleaseAsync(work, command, clock.GetUtcNow());
        await work.CommitAsync(context.CancellationToken);

        if (released) logger.LogInformation("Position of {OpeningId} released by placement {PlacementId}", command.OpeningId, command.PlacementId);
    }
}
