using MassTransit;
using Matching.Contracts;
using Matching.Hosting.Data;
using Matching.Hosting.Messaging;
using Matching.Hosting.Outbox;
using Matching.Hosting.Security;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Courses.Api.Reservations;

/// <summary>
/// The Matching service reserves and releases seats for its placements. Each command is handled once, in one
/// transaction with the seat, the course's new state and the answer (see <see cref="InboxConsumer{TMessage,TOutcome}"/>).
/// </summary>
public static class SeatReservationsBus
{
    public static IBusRegistrationConfigurator AddSeatReservations(this IBusRegistrationConfigurator bus)
    {
        bus.TryAddSingleton(TimeProvider.System);
        bus.AddSingleton<SeatReservations>();
        bus.AddConsumer<SeatReservationConsumer>();
        bus.AddConsumer<SeatReleaseConsumer>();
        return bus;
    }
}

public sealed class SeatReservationConsumer(Db db, SeatReservations reservations, TimeProvider clock, ILogger<SeatReservationConsumer> logger) :
    InboxConsumer<ReserveSeat, string?>(db)
{
    /// <returns>Why no seat was reserved, or null when the placement holds one.</returns>
    protected override async Task<string?> HandleAsync(UnitOfWork work, ReserveSeat command)
    {
        // The caseworker who asked, in this service's own audit log (commands sent before it travelled name no one).
        if (command.RequestedBy is { } actor) await work.RecordAsync(new Caller(actor.Subject, actor.Role, null), "seat.reserve", command.CourseId);
        return await reservations.ReserveAsync(work, command, clock.GetUtcNow());
    }

    protected override void Committed(ReserveSeat command, string? refusal)
    {
        if (refusal is null) logger.LogInformation("Seat of {CourseId} reserved for placement {PlacementId}", command.CourseId, command.PlacementId);
        else logger.LogInformation("Seat of {CourseId} refused to placement {PlacementId}: {Reason}", command.CourseId, command.PlacementId, refusal);
    }
}

public sealed class SeatReleaseConsumer(Db db, SeatReservations reservations, TimeProvider clock, ILogger<SeatReleaseConsumer> logger) :
    InboxConsumer<ReleaseSeat, bool>(db)
{
    /// <returns>Whether a held seat was given back.</returns>
    protected override Task<bool> HandleAsync(UnitOfWork work, ReleaseSeat command) =>
        reservations.ReleaseAsync(work, command, clock.GetUtcNow());

    protected override void Committed(ReleaseSeat command, bool released)
    {
        if (released) logger.LogInformation("Seat of {CourseId} released by placement {PlacementId}", command.CourseId, command.PlacementId);
    }
}
