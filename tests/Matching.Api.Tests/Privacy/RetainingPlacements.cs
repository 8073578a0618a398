using System.Net;
using Matching.Contracts;

namespace Matching.Api.Tests.Privacy;

/// <summary>Placements that ended are erased after <c>Privacy:RetentionDays</c> (365 by default), by the clock the service is given.</summary>
public sealed class RetainingPlacements(PrivacyApp app) : IClassFixture<PrivacyApp>
{
    [Fact]
    public async Task A_placement_that_ended_should_be_erased_a_year_later_and_not_a_day_before()
    {
        var (older, newer) = ("retained-" + Guid.NewGuid().ToString("N"), "retained-" + Guid.NewGuid().ToString("N"));
        var offer = await app.OfferAsync();
        var first = await app.PlaceAsync(new { reference = older, courseId = offer.Course.Id });
        (await app.CancelAsync(first)).EnsureSuccessStatusCode();
        app.Clock.Advance(TimeSpan.FromDays(2));
        var second = await app.PlaceAsync(new { reference = newer, courseId = offer.Course.Id });
        (await app.CancelAsync(second)).EnsureSuccessStatusCode();

        // 365 days and an hour after the first ended: the first is past its retention, the second two days short of it.
        app.Clock.Advance(TimeSpan.FromDays(363) + TimeSpan.FromHours(1));
        await app.SentAsync<ErasePlacements>(erase => erase.PlacementIds.Contains(first));

        Assert.Empty(await app.RowsHoldingAsync(older));
        Assert.Equal(HttpStatusCode.NotFound, (await app.AsCaseworker().GetAsync($"/placements/{first}")).StatusCode);
        Assert.Equal("released", Placements.PlacementsApp.State(await app.PlacementAsync(second)));
        Assert.Equal(0, app.Sent<ErasePlacements>(erase => erase.PlacementIds.Contains(second)));

        app.Clock.Advance(TimeSpan.FromDays(2));
        await app.SentAsync<ErasePlacements>(erase => erase.PlacementIds.Contains(second));
        Assert.Empty(await app.RowsHoldingAsync(newer));
    }

    [Fact]
    public async Task A_placement_still_in_progress_should_be_kept_however_old()
    {
        var reference = "in-progress-" + Guid.NewGuid().ToString("N");
        var offer = await app.OfferAsync();
        var placement = await app.PlaceAsync(new { reference, courseId = offer.Course.Id });
        await app.AnswerAsync(new SeatReserved(placement, offer.Course.Id));
        await app.WaitForAsync(placement, "reserved");
        var ended = await app.PlaceAsync(new { reference = "ended-" + reference, courseId = offer.Course.Id });
        (await app.CancelAsync(ended)).EnsureSuccessStatusCode();

        // Within the reservation's 14 days, but far past the retention of what ended beside it.
        app.Clock.Advance(TimeSpan.FromDays(366));
        await app.SentAsync<ErasePlacements>(erase => erase.PlacementIds.Contains(ended));

        Assert.Contains(Placements.PlacementsApp.State(await app.PlacementAsync(placement)), new[] { "reserved", "released" });
    }
}
