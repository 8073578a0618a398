using MassTransit;
using Matching.Contracts;
using Matching.Hosting.Data;
using Matching.Hosting.Outbox;

namespace Courses.Api.Privacy;

public static class PrivacyBus
{
    public static IBusRegistrationConfigurator AddErasure(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ErasePlacementsConsumer>();
        return bus;
    }
}

/// <summary>
/// Erasing placements here is confirming them erased: the service holds nothing keyed by a person's pseudonym — a seat
/// reservation names its placement by id alone (<c>seat_reservations</c>), and that id names no one once the Matching
/// service has erased the placement. The reservations stay: a held seat is still taken (by a person who started the
/// course), and a released one keeps a late <see cref="ReserveSeat"/> from taking a seat.
/// </summary>
public sealed class ErasePlacementsConsumer(Db db, ILogger<ErasePlacementsConsumer> logger) : InboxConsumer<ErasePlacements, int>(db)
{
    public const string Service = "courses";

    private const string HasReservation = "select count(*) from seat_reservations where placement_id = @PlacementId";

    /// <returns>How many of the placements hold a reservation here.</returns>
    protected override async Task<int> HandleAsync(UnitOfWork work, ErasePlacements message)
    {
        var reservations = 0;
        foreach (var placementId in message.PlacementIds.Distinct())
            reservations += (int)await work.QuerySingleOrDefaultAsync<long>(HasReservation, new { PlacementId = placementId });
        await work.PublishAsync(new PlacementsErased(message.ErasureId, Service, reservations));
        return reservations;
    }

    protected override void Committed(ErasePlacements message, int reservations) =>
        logger.LogInformation("Erasure {ErasureId} confirmed: {Reservations} of its {Placements} placements reserved seats here, by placement id alone",
            message.ErasureId, reservations, message.PlacementIds.Count);
}
