using Matching.Contracts;
using static Matching.Api.Tests.Placements.PlacementsApp;

namespace Matching.Api.Tests.Placements;

/// <summary>
/// An answer for a placement that never asked for it (an unknown placement, or another course or opening than its own) is
/// logged and ignored: no exception, so nothing is retried or moved to an error queue, and nothing changes.
/// </summary>
public sealed class IgnoringStrayAnswers(PlacementsApp app) : IClassFixture<PlacementsApp>
{
    public static TheoryData<string> AnswersNeverAskedFor => new()
    {
        "seat of another course", "seat refused for another course", "position of another opening", "position refused for another opening",
        "seat for an unknown placement", "position for an unknown placement",
    };

    [Theory]
    [MemberData(nameof(AnswersNeverAskedFor))]
    public async Task An_answer_the_placement_never_asked_for_should_be_ignored(string what)
    {
        var offer = await app.OfferAsync();
        var id = await app.PlaceAsync(new { reference = "stray-" + Guid.NewGuid().ToString("N")[..8], courseId = offer.Course.Id, openingId = offer.Opening.Id });
        // The other part is held already, so the stray answer, were it taken, would settle the placement.
        if (what.StartsWith("seat", StringComparison.Ordinal)) await AnswerAsync(new PositionHeld(id, offer.Opening.Id, null));
        else await AnswerAsync(new SeatReserved(id, offer.Course.Id));
        var stranger = Guid.NewGuid();

        var error = what switch
        {
            "seat of another course" => await AnswerAsync(new SeatReserved(id, stranger)),
            "seat refused for another course" => await AnswerAsync(new SeatRefused(id, stranger, "no seats left")),
            "position of another opening" => await AnswerAsync(new PositionHeld(id, stranger, null)),
            "position refused for another opening" => await AnswerAsync(new PositionRefused(id, stranger, null, "no positions left")),
            "seat for an unknown placement" => await AnswerAsync(new SeatReserved(stranger, offer.Course.Id)),
            "position for an unknown placement" => await AnswerAsync(new PositionHeld(stranger, offer.Opening.Id, null)),
            _ => throw new ArgumentOutOfRangeException(nameof(what)),
        };

        Assert.Null(error);
        var placement = await app.PlacementAsync(id);
        Assert.Equal(("requested", null), (State(placement), Reason(placement)));
        Assert.Equal(["requested"], History(placement));
        Assert.Equal(0, app.Sent<ReleaseSeat>(command => command.PlacementId == id || command.PlacementId == stranger));
        Assert.Equal(0, app.Sent<ReleasePosition>(command => command.PlacementId == id || command.PlacementId == stranger));
        // The placement still takes the answer it asked for.
        if (what.StartsWith("seat", StringComparison.Ordinal)) await app.AnswerAsync(new SeatReserved(id, offer.Course.Id));
        else await app.AnswerAsync(new PositionHeld(id, offer.Opening.Id, null));
        await app.WaitForAsync(id, "reserved");
    }

    /// <summary>Answers as Courses or Employers would; whether consuming the answer ended in an exception.</summary>
    private async Task<Exception?> AnswerAsync<T>(T answer) where T : class
    {
        await app.AnswerAsync(answer);
        return await app.ConsumedAsync<T>(consumed => consumed.Equals(answer));
    }
}
