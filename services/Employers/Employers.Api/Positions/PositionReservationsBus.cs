using MassTransit;
using Matching.Contracts;
using Matching.Hosting.Data;
using Matching.Hosting.Messaging;
using Matching.Hosting.Outbox;
using Matching.Hosting.Security;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Employers.Api.Positions;

/// <summary>
/// The Matching service reserves and releases positions (and agreement quota) for its placements. Each command is
/// handled once, in one transaction with the position, the quota, their new states and the answer (see
/// <see cref="InboxConsumer{TMessage,TOutcome}"/>).
/// </summary>
public static class PositionReservationsBus
{
    public static IBusRegistrationConfigurator AddPositionReservations(this IBusRegistrationConfigurator bus)
    {
        bus.TryAddSingleton(TimeProvider.System);
        bus.AddSingleton<PositionReservations>();
        bus.AddConsumer<PositionReservationConsumer>();
        bus.AddConsumer<PositionReleaseConsumer>();
        return bus;
    }
}

public sealed class PositionReservationConsumer(Db db, PositionReservations reservations, TimeProvider clock,
    ILogger<PositionReservationConsumer> logger) : InboxConsumer<HoldPosition, string?>(db)
{
    /// <returns>Why no position was reserved, or null when the placement holds one.</returns>
    protected override async Task<string?> HandleAsync(UnitOfWork work, HoldPosition command)
    {
        // The caseworker who asked, in this service's own audit log (commands sent before it travelled name no one).
        if (command.RequestedBy is { } actor) await work.RecordAsync(new Caller(actor.Subject, actor.Role, null), "position.hold", command.OpeningId);
        return await reservations.ReserveAsync(work, command, clock.GetUtcNow());
    }

    protected override void Committed(HoldPosition command, string? refusal)
    {
        if (refusal is null) logger.LogInformation("Position of {OpeningId} reserved for placement {PlacementId}", command.OpeningId, command.PlacementId);
        else logger.LogInformation("Position of {OpeningId} refused to placement {PlacementId}: {Reason}", command.OpeningId, command.PlacementId, refusal);
    }
}

public sealed class PositionReleaseConsumer(Db db, PositionReservations reservations, TimeProvider clock,
    ILogger<PositionReleaseConsumer> logger) : InboxConsumer<ReleasePosition, bool>(db)
{
    /// <returns>Whether a held position (and its quota) was given back.</returns>
    protected override Task<bool> HandleAsync(UnitOfWork work, ReleasePosition command) =>
        reservations.ReleaseAsync(work, command, clock.GetUtcNow());

    protected override void Committed(ReleasePosition command, bool released)
    {
        if (released) logger.LogInformation("Position of {OpeningId} released by placement {PlacementId}", command.OpeningId, command.PlacementId);
    }
}
