using Matching.Contracts;
using Matching.Testing;
using static Matching.Api.Tests.Placements.PlacementsApp;

namespace Matching.Api.Tests.Placements;

/// <summary>The Matching service with placements that wait at most five seconds for their answers.</summary>
public sealed class ImpatientPlacementsApp() : PlacementsApp(TestDatabase.Sqlite(), new Dictionary<string, string>
{
    ["Placements:RequestTimeout"] = SettlingPlacements.RequestTimeout.ToString("c"),
});

/// <summary>
/// Every placement settles: one that hears nothing is rejected in time, what it holds is given back, and answers that come
/// late give back what they hold.
/// </summary>
public sealed class SettlingPlacements(ImpatientPlacementsApp app) : IClassFixture<ImpatientPlacementsApp>
{
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_placement_without_an_answer_in_time_should_be_rejected_giving_back_what_it_holds()
    {
        var offer = await app.OfferAsync();
        var id = await app.PlaceAsync(new { reference = "silent-1", courseId = offer.Course.Id, openingId = offer.Opening.Id });
        await app.AnswerAsync(new SeatReserved(id, offer.Course.Id));

        var rejected = await app.WaitForAsync(id, "rejected");

        Assert.Equal("no answer in time", Reason(rejected));
        Assert.Equal(["requested", "rejected"], History(rejected));
        await app.SentAsync<ReleaseSeat>(command => command.PlacementId == id && command.CourseId == offer.Course.Id);

        // Employers answers at last: the position goes straight back.
        await app.AnswerAsync(new PositionHeld(id, offer.Opening.Id, null));
        await app.SentAsync<ReleasePosition>(command => command.PlacementId == id && command.OpeningId == offer.Opening.Id);
        Assert.Equal(1, app.Sent<ReleaseSeat>(command => command.PlacementId == id));
        Assert.Equal("rejected", State(await app.PlacementAsync(id)));
    }

    [Fact]
    public async Task A_placement_answered_in_time_should_stay_reserved()
    {
        var offer = await app.OfferAsync();
        var id = await app.PlaceAsync(new { reference = "prompt-1", courseId = offer.Course.Id });
        await app.AnswerAsync(new SeatReserved(id, offer.Course.Id));
        await app.WaitForAsync(id, "reserved");

        // Another placement, placed later, times out: the expiry has run over the reserved one by then.
        var silent = await app.PlaceAsync(new { reference = "prompt-1-silent", courseId = offer.Course.Id });
        await app.WaitForAsync(silent, "rejected");

        Assert.Equal("reserved", State(await app.PlacementAsync(id)));
        Assert.Equal(0, app.Sent<ReleaseSeat>(command => command.PlacementId == id));
    }
}
