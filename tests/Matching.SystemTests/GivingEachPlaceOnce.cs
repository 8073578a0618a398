using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static Matching.SystemTests.Caseworker;

namespace Matching.SystemTests;

/// <summary>
/// A provider or employer who sends again what its page showed before a placement took the last seat or position does
/// not free it for a second person: with the version it saw the change is refused (412), without it the count that
/// leaves no room for the reservation is refused (409).
/// </summary>
[Collection(nameof(MatchingSystem))]
public sealed class GivingEachPlaceOnce(MatchingSystem system)
{
    private readonly Caseworker caseworker = new(system);

    [Fact]
    public async Task The_last_seat_reserved_for_one_person_should_not_be_freed_again_by_a_page_from_before()
    {
        var offer = await caseworker.PublishOfferAsync(seatsFree: 1, positions: 5, quota: 5);
        var course = $"/courses/{offer.CourseId}";
        var provider = await system.AsProviderAsync();
        // A course of one seat: the provider has no sign-ups of its own that a free count could mean instead.
        using var oneSeat = await PutAsync(provider, $"{course}/seats", new { seatsTotal = 1, seatsTakenOutside = 0 }, ifMatch: null);
        Assert.Equal(HttpStatusCode.OK, oneSeat.StatusCode);
        var seen = (await provider.GetAsync(course)).Headers.ETag!.Tag;
        var first = await caseworker.PlaceAsync(new { reference = "seat-first-" + offer.Occupation, courseId = offer.CourseId });
        await caseworker.WaitForAsync(first, "reserved");

        using var withVersion = await PutAsync(provider, $"{course}/seats", new { seatsFree = 1 }, seen);
        using var withoutVersion = await PutAsync(provider, $"{course}/seats", new { seatsFree = 1 }, ifMatch: null);

        Assert.Equal(HttpStatusCode.PreconditionFailed, withVersion.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, withoutVersion.StatusCode);
        await AssertSecondPersonRefusedAsync(new { reference = "seat-second-" + offer.Occupation, courseId = offer.CourseId }, "no seats left");
        var seats = (await provider.GetFromJsonAsync<JsonObject>(course))!;
        Assert.Equal((1, 0, 1, 0), ((int)seats["seatsTotal"]!, (int)seats["seatsFree"]!, (int)seats["seatsReserved"]!, (int)seats["seatsTakenOutside"]!));
    }

    [Fact]
    public async Task The_last_position_reserved_for_one_person_should_not_be_freed_again_by_a_page_from_before()
    {
        var offer = await caseworker.PublishOfferAsync(seatsFree: 5, positions: 1, quota: 5);
        var opening = $"/openings/{offer.OpeningId}";
        var employer = await system.AsEmployerAsync(offer.Employer);
        var seen = (await employer.GetAsync(opening)).Headers.ETag!.Tag;
        var first = await caseworker.PlaceAsync(new { reference = "position-first-" + offer.Occupation, openingId = offer.OpeningId });
        await caseworker.WaitForAsync(first, "reserved");

        using var withVersion = await PutAsync(employer, $"{opening}/positions", new { positionsLeft = 1 }, seen);
        using var withoutVersion = await PutAsync(employer, $"{opening}/positions", new { positionsLeft = 1 }, ifMatch: null);

        Assert.Equal(HttpStatusCode.PreconditionFailed, withVersion.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, withoutVersion.StatusCode);
        await AssertSecondPersonRefusedAsync(new { reference = "position-second-" + offer.Occupation, openingId = offer.OpeningId }, "no positions left");
        var positions = (await employer.GetFromJsonAsync<JsonObject>(opening))!;
        Assert.Equal((0, 1, 0), ((int)positions["positionsLeft"]!, (int)positions["positionsReserved"]!, (int)positions["positionsTakenOutside"]!));
    }

    /// <summary>
    /// The second person gets nothing: the Matching service refuses the placement outright (it knows the place is taken)
    /// or accepts it and the owning service rejects it with <paramref name="reason"/>.
    /// </summary>
    private async Task AssertSecondPersonRefusedAsync(object placement, string reason)
    {
        using var response = await (await system.AsCaseworkerAsync()).PostAsJsonAsync("/placements", placement);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            Assert.True((int)response.StatusCode is >= 400 and < 500, $"POST /placements answered {(int)response.StatusCode}: {text}");
            return;
        }

        var settled = await caseworker.WaitForAsync((string)JsonNode.Parse(text)!["id"]!, "rejected", seconds: 10);
        Assert.Equal(reason, Reason(settled));
    }

    private static Task<HttpResponseMessage> PutAsync(HttpClient client, string path, object body, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }
}
