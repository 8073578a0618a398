using Matching.Contracts;
using Matching.Hosting.Data;
using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Courses.Api.Reservations;

/// <summary>
/// Reserves and releases seats for the Matching service's placements. The inbox row, the seat, the
/// course's new state and the answer commit together, so a redelivered command changes nothing.
/// </summary>
public sealed class SeatReservationConsumer(Db db, SeatReservations reservations, TimeProvider clock, ILogger<SeatReservationConsumer> logger) :
    IConsumer<ReserveSeat>, IConsumer<ReleaseSeat>
{
    public async Task Consume(ConsumeContext<ReserveSeat> context)
    {
        var command = context.Message;
        await using var work = await db.BeginAsync(context.CancellationToken);
        if (!await work.FirstDeliveryAsync(context.MessageId, nameof(SeatReservationConsumer))) return;
        var refusal = await reservations.ReserveAsync(work, command, clock.GetUtcNow());
        await work.CommitAsync(context.CancellationToken);

        if (refusal is null) logger.LogInformation("Seat of {CourseId} reserved for placement {PlacementId}", command.CourseId, command.PlacementId);
        else logger.LogInformation("Seat of {CourseId} refused to placement {PlacementId}: {Reason}", command.CourseId, command.PlacementId, refusal);
    }

    public async Task Consume(ConsumeContext<ReleaseSeat> context)
    {
        var command = context.Message;
        await using var work = await db.BeginAsync(context.CancellationToken);
        if (!await work.FirstDeliveryAsync(context.MessageId, nameof(SeatReservationConsumer))) return;
        var released = await reservations.ReleaseAsync(work, command, clock.GetUtcNow());
        await work.CommitAsync(context.CancellationToken);

        if (released) logger.LogInformation("Seat of {CourseId} released by placement {PlacementId}", command.CourseId, command.PlacementId);
    }
}

public static class ReservationsServices
{
    /// <summary>What <see cref="SeatReservationConsumer"/> needs; the consumer itself is registered with the bus.</summary>
    public static IServiceCollection AddSeatReservations(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        return services.AddSingleton<SeatReservations>();
    }
}
