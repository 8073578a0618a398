using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;
using static Matching.SystemTests.Caseworker;

namespace Matching.SystemTests;

/// <summary>Placements over real RabbitMQ: seats and positions reserved across services, never given twice.</summary>
[Collection(nameof(MatchingSystem))]
public sealed class PlacingPeople(MatchingSystem system, ITestOutputHelper output)
{
    private readonly Caseworker caseworker = new(system);

    [Fact]
    public async Task Fifty_placements_racing_for_five_seats_should_reserve_exactly_five_and_reject_the_rest()
    {
        var offer = await caseworker.PublishOfferAsync(seatsFree: 5, positions: 1, quota: 1);
        // Fifty people: a person holds one placement of a course at a time.
        var reference = "race-" + offer.Occupation;

        var clock = Stopwatch.StartNew();
        var ids = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => caseworker.PlaceAsync(new { reference = $"{reference}-{i}", courseId = offer.CourseId })));
        var accepted = clock.Elapsed;
        var placements = await caseworker.SettledAsync(ids, seconds: 60);
        var settled = clock.Elapsed;

        var reserved = placements.Count(placement => State(placement) == "reserved");
        var rejected = placements.Where(placement => State(placement) == "rejected").ToArray();
        output.WriteLine($"50 placements for 5 seats: all accepted after {accepted.TotalMilliseconds:F0} ms, settled after {settled.TotalMilliseconds:F0} ms: {reserved} reserved, {rejected.Length} rejected");
        Assert.Equal(5, reserved);
        Assert.Equal(45, rejected.Length);
        Assert.All(rejected, placement =>
        {
            Assert.Equal("no seats left", Reason(placement));
            Assert.Equal(["requested", "rejected"], History(placement));
            Assert.Equal("no seats left", (string?)placement["history"]![1]!["reason"]);
        });
        Assert.Equal(0, await caseworker.SeatsFreeAsync(offer));

        // The full course leaves the suggestions.
        await system.EventuallyAsync(async () => !(await caseworker.SuggestionsAsync(offer)).Any(s => (string?)s!["course"]?["id"] == offer.CourseId),
            "the full course is no longer suggested");
    }

    [Fact]
    public async Task An_agreement_with_quota_two_should_place_two_and_reject_the_third_giving_its_seat_back()
    {
        var offer = await caseworker.PublishOfferAsync(seatsFree: 10, positions: 5, quota: 2);
        var reference = "quota-" + offer.Occupation;

        var ids = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => caseworker.PlaceAsync(new
        {
            reference = $"{reference}-{i}", courseId = offer.CourseId, openingId = offer.OpeningId, agreementId = offer.AgreementId,
        })));
        var placements = await caseworker.SettledAsync(ids, seconds: 60);

        Assert.Equal(2, placements.Count(placement => State(placement) == "reserved"));
        var rejected = Assert.Single(placements, placement => State(placement) == "rejected");
        Assert.Equal("agreement quota used up", Reason(rejected));
        await caseworker.StockAsync(offer, seatsFree: 10 - 2, positionsLeft: 5 - 2, quotaLeft: 0);
    }

    [Fact]
    public async Task Killing_the_matching_service_mid_workflow_should_lose_no_placement()
    {
        var offer = await caseworker.PublishOfferAsync(seatsFree: 8, positions: 20, quota: 1);
        var reference = "kill-" + offer.Occupation;
        var ids = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => caseworker.PlaceAsync(new
        {
            reference = $"{reference}-{i}", courseId = offer.CourseId, openingId = offer.OpeningId,
        })));
        var reservingWhenKilled = (await Task.WhenAll(ids.Select(caseworker.PlacementAsync))).Count(placement => State(placement) == "requested");

        var clock = Stopwatch.StartNew();
        await system.RestartMatchingAsync();
        var restarted = clock.Elapsed;
        var placements = await caseworker.SettledAsync(ids, seconds: 60);

        var reserved = placements.Count(placement => State(placement) == "reserved");
        var rejected = placements.Where(placement => State(placement) == "rejected").ToArray();
        output.WriteLine($"Killed with {reservingWhenKilled} of 20 placements still reserving; restarted in {restarted.TotalMilliseconds:F0} ms, " +
            $"all settled {clock.Elapsed.TotalMilliseconds:F0} ms after the kill: {reserved} reserved, {rejected.Length} rejected");
        Assert.Equal(8, reserved);
        Assert.Equal(12, rejected.Length);
        Assert.All(rejected, placement => Assert.Equal("no seats left", Reason(placement)));
        // Each rejected placement gives back the position it may have held.
        await caseworker.StockAsync(offer, seatsFree: 0, positionsLeft: 20 - 8, quotaLeft: 1);
    }

    [Fact]
    public async Task Cancelling_a_confirmed_placement_should_give_the_seat_position_and_quota_back()
    {
        var offer = await caseworker.PublishOfferAsync(seatsFree: 3, positions: 3, quota: 3);
        var id = await caseworker.PlaceAsync(new
        {
            reference = "cancel-" + offer.Occupation, courseId = offer.CourseId, openingId = offer.OpeningId, agreementId = offer.AgreementId,
        });
        await caseworker.WaitForAsync(id, "reserved");
        await caseworker.StockAsync(offer, seatsFree: 2, positionsLeft: 2, quotaLeft: 2);

        using var confirmed = await caseworker.ConfirmAsync(id);
        using var cancelled = await caseworker.CancelAsync(id);

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var placement = await caseworker.PlacementAsync(id);
        Assert.Equal(("released", "cancelled"), (State(placement), Reason(placement)));
        Assert.Equal(["requested", "reserved", "confirmed", "released"], History(placement));
        Assert.Equal((offer.CourseId, offer.OpeningId, offer.AgreementId),
            ((string?)placement["courseId"], (string?)placement["openingId"], (string?)placement["agreementId"]));
        await caseworker.StockAsync(offer, seatsFree: 3, positionsLeft: 3, quotaLeft: 3);

        // Cancelling again changes nothing; a released placement cannot be confirmed.
        using var cancelledAgain = await caseworker.CancelAsync(id);
        using var confirmedAfterwards = await caseworker.ConfirmAsync(id);
        Assert.Equal(HttpStatusCode.OK, cancelledAgain.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, confirmedAfterwards.StatusCode);
        await caseworker.StockAsync(offer, seatsFree: 3, positionsLeft: 3, quotaLeft: 3);
    }

    [Fact]
    public async Task A_rejected_placement_cannot_be_confirmed_or_cancelled_and_an_unknown_one_is_not_found()
    {
        var offer = await caseworker.PublishOfferAsync(seatsFree: 1, positions: 1, quota: 1);
        var reference = "conflict-" + offer.Occupation;
        string[] ids =
        [
            await caseworker.PlaceAsync(new { reference = reference + "-1", openingId = offer.OpeningId }),
            await caseworker.PlaceAsync(new { reference = reference + "-2", openingId = offer.OpeningId }),
        ];
        var placements = await caseworker.SettledAsync(ids, seconds: 60);
        var rejectedPlacement = Assert.Single(placements, placement => State(placement) == "rejected");
        Assert.Equal("no positions left", Reason(rejectedPlacement));
        var rejected = (string)rejectedPlacement["id"]!;

        using var confirm = await caseworker.ConfirmAsync(rejected);
        using var cancel = await caseworker.CancelAsync(rejected);
        using var unknown = await caseworker.CancelAsync(Guid.NewGuid().ToString());

        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.Conflict, HttpStatusCode.NotFound), (confirm.StatusCode, cancel.StatusCode, unknown.StatusCode));
        Assert.Equal("application/problem+json", confirm.Content.Headers.ContentType?.MediaType);
        Assert.Equal("rejected", State(await caseworker.PlacementAsync(rejected)));
    }

    [Theory]
    [InlineData("""{ "reference": "REFERENCE" }""", "courseId")]
    [InlineData("""{ "courseId": "COURSE" }""", "reference")]
    [InlineData("""{ "reference": "REFERENCE", "courseId": "00000000-0000-0000-0000-000000000001" }""", "courseId")]
    [InlineData("""{ "reference": "REFERENCE", "openingId": "00000000-0000-0000-0000-000000000001" }""", "openingId")]
    [InlineData("""{ "reference": "REFERENCE", "courseId": "COURSE", "agreementId": "AGREEMENT" }""", "agreementId")]
    [InlineData("""{ "reference": "REFERENCE", "openingId": "OPENING", "agreementId": "00000000-0000-0000-0000-000000000001" }""", "agreementId")]
    [InlineData("""{ "reference": "REFERENCE", "courseId": "not a guid" }""", "courseId")]
    public async Task A_placement_for_something_unknown_should_be_refused_naming_the_field(string body, string field)
    {
        var offer = await caseworker.PublishOfferAsync(seatsFree: 1, positions: 1, quota: 1);
        var reference = "refused-" + offer.Occupation;
        body = body.Replace("REFERENCE", reference).Replace("COURSE", offer.CourseId).Replace("OPENING", offer.OpeningId).Replace("AGREEMENT", offer.AgreementId);

        using var response = await (await system.AsCaseworkerAsync()).PostAsync("/placements", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name {field}: {problem}");
        Assert.Empty(await caseworker.PlacementsAsync(reference));
    }
}
