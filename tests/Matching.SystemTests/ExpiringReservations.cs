using System.Net;
using Matching.Hosting.Data;
using static Matching.SystemTests.Caseworker;

namespace Matching.SystemTests;

/// <summary>
/// The whole system with reservations that must be confirmed within three seconds, and the Matching service
/// on PostgreSQL, so its placements run on both databases.
/// </summary>
public sealed class QuicklyExpiringSystem() : MatchingSystem(DatabaseProvider.Postgres, new Dictionary<string, string>
{
    ["Placements:ReservationTimeout"] = ExpiringReservations.Timeout.ToString("c"),
});

[CollectionDefinition(nameof(QuicklyExpiringSystem))]
public sealed class QuicklyExpiringSystemCollection : ICollectionFixture<QuicklyExpiringSystem>;

[Collection(nameof(QuicklyExpiringSystem))]
public sealed class ExpiringReservations(QuicklyExpiringSystem system)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    private readonly Caseworker caseworker = new(system);

    [Fact]
    public async Task A_reservation_not_confirmed_in_time_should_be_released_and_a_confirmed_one_kept()
    {
        var offer = await caseworker.PublishOfferAsync(seatsFree: 2, positions: 2, quota: 2);
        var reference = "expiry-" + offer.Occupation;
        var forgotten = await caseworker.PlaceAsync(new { reference = reference + "-forgotten", courseId = offer.CourseId, openingId = offer.OpeningId, agreementId = offer.AgreementId });
        var started = await caseworker.PlaceAsync(new { reference = reference + "-started", courseId = offer.CourseId, openingId = offer.OpeningId, agreementId = offer.AgreementId });
        await caseworker.WaitForAsync(started, "reserved");
        using var confirmed = await caseworker.ConfirmAsync(started);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);

        var released = await caseworker.WaitForAsync(forgotten, "released", seconds: Timeout.TotalSeconds + 60);

        Assert.Equal("not confirmed in time", Reason(released));
        Assert.Equal(["requested", "reserved", "released"], History(released));
        Assert.Equal("confirmed", State(await caseworker.PlacementAsync(started)));
        await caseworker.StockAsync(offer, seatsFree: 1, positionsLeft: 1, quotaLeft: 1);
    }
}
