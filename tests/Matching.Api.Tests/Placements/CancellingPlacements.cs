using System.Net;
using Matching.Contracts;
using static Matching.Api.Tests.Placements.PlacementsApp;

namespace Matching.Api.Tests.Placements;

/// <summary>A caseworker may cancel a placement still reserving: it is released, and what it holds or is given later goes back.</summary>
public sealed class CancellingPlacements(PlacementsApp app) : IClassFixture<PlacementsApp>
{
    [Fact]
    public async Task A_placement_still_reserving_may_be_cancelled_giving_back_what_it_holds_and_what_comes_later()
    {
        var offer = await app.OfferAsync();
        var id = await app.PlaceAsync(new { reference = "cancel-early-1", courseId = offer.Course.Id, openingId = offer.Opening.Id });
        await app.AnswerAsync(new PositionHeld(id, offer.Opening.Id, null));
        await app.ConsumedAsync<PositionHeld>(answer => answer.PlacementId == id);

        using var cancelled = await app.CancelAsync(id);
        using var cancelledAgain = await app.CancelAsync(id);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (cancelled.StatusCode, cancelledAgain.StatusCode));
        var placement = await app.PlacementAsync(id);
        Assert.Equal(("released", "cancelled"), (State(placement), Reason(placement)));
        Assert.Equal(["requested", "released"], History(placement));
        await app.SentAsync<ReleasePosition>(command => command.PlacementId == id && command.OpeningId == offer.Opening.Id);

        // The seat arrives after the cancellation: given straight back, once.
        await app.AnswerAsync(new SeatReserved(id, offer.Course.Id));
        await app.SentAsync<ReleaseSeat>(command => command.PlacementId == id && command.CourseId == offer.Course.Id);
        Assert.Equal(1, app.Sent<ReleasePosition>(command => command.PlacementId == id));
        Assert.Equal("released", State(await app.PlacementAsync(id)));
        using var confirmed = await app.ConfirmAsync(id);
        Assert.Equal(HttpStatusCode.Conflict, confirmed.StatusCode);
    }
}
