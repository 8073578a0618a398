using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Matching.SystemTests;

/// <summary>A course, an opening and an agreement of one employer that together make a course-then-job pathway.</summary>
public sealed record Offer(string Occupation, string Employer, string CourseId, string OpeningId, string AgreementId);

/// <summary>
/// What the placement tests do through the services' HTTP APIs: publish offers (each part as whoever publishes it), and,
/// signed in as a caseworker, place people and read how it went.
/// </summary>
public sealed class Caseworker(MatchingSystem system)
{
    // An occupation code of its own per offer, so tests sharing a running system never see each other's openings.
    private static int nextOccupation = 9100;

    /// <summary>
    /// Publishes a course, an opening and an agreement of a new employer, and waits until the caseworker sees
    /// them suggested: only then does the Matching service accept placements for them. The levels (a B1 person,
    /// a B1→B2 course, a C1 opening open at B2 by agreement) keep these offers out of other tests' suggestions.
    /// </summary>
    public async Task<Offer> PublishOfferAsync(int seatsFree, int positions, int quota)
    {
        var occupation = Interlocked.Increment(ref nextOccupation).ToString();
        var employer = system.NewEmployer();
        var opening = await CreateAsync(await system.AsEmployerAsync(employer), "/openings", new
        {
            employerId = employer, title = "Lagerhelfer/in", occupation, location = new { place = "Rheinhausen" },
            minLevel = "C1", positions, startsOn = "2027-08-01", hoursPerWeek = 38, languageSupport = true,
        });
        var agreement = await CreateAsync(await system.AsCoordinatorAsync(), "/agreements", new
        {
            employerId = employer, occupations = new[] { occupation[..2] }, minLevel = "B2", quota,
            validFrom = "2027-01-01", validTo = "2027-12-31", languageSupport = "Deutsch am Arbeitsplatz, 2 h/Woche",
        });
        var course = await CreateAsync(await system.AsProviderAsync(), "/courses", new
        {
            providerId = MatchingSystem.Provider, title = "Berufssprachkurs B1-B2", kind = "job-related", levelFrom = "B1", levelTo = "B2",
            location = new { place = "Hochfeld" }, online = false, startsOn = "2027-02-01", endsOn = "2027-06-30",
            hoursPerWeek = 20, schedule = "morning", childcare = false, seatsTotal = 20, seatsFree,
        });

        var offer = new Offer(occupation, employer, course, opening, agreement);
        // Separately: the engine suggests an opening with at most three courses, and ties go to older ones.
        await system.EventuallyAsync(async () =>
        {
            var suggestions = await SuggestionsAsync(offer);
            return suggestions.Any(s => (string?)s!["course"]?["id"] == course)
                && suggestions.Any(s => (string?)s!["opening"]?["id"] == opening && (string?)s["agreement"]?["id"] == agreement);
        }, "the course, and the opening with the agreement, are suggested");
        return offer;
    }

    /// <summary>What the Matching service suggests to a person at B1 looking for the offer's occupation.</summary>
    public Task<JsonArray> SuggestionsAsync(Offer offer) => system.SuggestionsAsync(new
    {
        reference = "case-" + offer.Occupation, level = "B1", location = new { place = "Meiderich" }, maxDistanceKm = 25,
        availableFrom = "2027-01-04", occupations = new[] { offer.Occupation }, limit = 500,
    });

    /// <summary>Accepts a suggestion; the id of the placement, which the answer's Location points to.</summary>
    public async Task<string> PlaceAsync(object placement)
    {
        using var response = await (await system.AsCaseworkerAsync()).PostAsJsonAsync("/placements", placement);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST /placements answered {(int)response.StatusCode}: {text}");
        var id = (string)JsonNode.Parse(text)!["id"]!;
        Assert.Equal($"/placements/{id}", response.Headers.Location?.OriginalString);
        return id;
    }

    public async Task<JsonObject> PlacementAsync(string id) =>
        (await (await system.AsCaseworkerAsync()).GetFromJsonAsync<JsonObject>($"/placements/{id}"))!;

    /// <summary>A person's placements, oldest first.</summary>
    public async Task<JsonObject[]> PlacementsAsync(string reference) =>
        (await (await system.AsCaseworkerAsync()).GetFromJsonAsync<JsonArray>($"/placements?reference={Uri.EscapeDataString(reference)}"))!
            .Select(placement => placement!.AsObject()).ToArray();

    /// <summary>Waits until none of the placements is still reserving.</summary>
    public async Task<JsonObject[]> SettledAsync(IReadOnlyCollection<string> ids, double seconds)
    {
        JsonObject[] placements = [];
        await system.EventuallyAsync(async () =>
        {
            placements = await Task.WhenAll(ids.Select(PlacementAsync));
            return placements.All(placement => State(placement) != "requested");
        }, $"the {ids.Count} placements are reserved or rejected", seconds);
        return placements;
    }

    /// <summary>Waits until the placement is in <paramref name="state"/>.</summary>
    public async Task<JsonObject> WaitForAsync(string id, string state, double seconds = 60)
    {
        JsonObject placement = [];
        await system.EventuallyAsync(async () => State(placement = await PlacementAsync(id)) == state, $"placement {id} is {state}", seconds);
        return placement;
    }

    public async Task<HttpResponseMessage> ConfirmAsync(string id) => await (await system.AsCaseworkerAsync()).PostAsync($"/placements/{id}/confirm", null);

    public async Task<HttpResponseMessage> CancelAsync(string id) => await (await system.AsCaseworkerAsync()).PostAsync($"/placements/{id}/cancel", null);

    // Read signed in, like everything a caseworker does: the anonymous rate limit is for the public, not for the test's own looks.
    public async Task<int> SeatsFreeAsync(Offer offer) =>
        await ReadIntAsync(await system.AsCaseworkerAsync(system.Courses), $"/courses/{offer.CourseId}", "seatsFree");

    public async Task<int> PositionsLeftAsync(Offer offer) =>
        await ReadIntAsync(await system.AsCaseworkerAsync(system.Employers), $"/openings/{offer.OpeningId}", "positionsLeft");

    public async Task<int> QuotaLeftAsync(Offer offer) =>
        await ReadIntAsync(await system.AsCaseworkerAsync(system.Employers), $"/agreements/{offer.AgreementId}", "quotaLeft");

    /// <summary>Waits until the offer's course has <paramref name="seatsFree"/> seats, its opening <paramref name="positionsLeft"/> positions and its agreement <paramref name="quotaLeft"/> quota.</summary>
    public async Task StockAsync(Offer offer, int seatsFree, int positionsLeft, int quotaLeft)
    {
        var expected = (seatsFree, positionsLeft, quotaLeft);
        var deadline = DateTime.UtcNow.AddSeconds(60); // only fails a hung test
        while (true)
        {
            var actual = (await SeatsFreeAsync(offer), await PositionsLeftAsync(offer), await QuotaLeftAsync(offer));
            if (actual == expected) return;
            if (DateTime.UtcNow > deadline) Assert.Fail($"Within 60 s: (seats free, positions left, quota left) should be {expected}, are {actual}");
            await Task.Delay(50);
        }
    }

    public static string? State(JsonObject placement) => (string?)placement["state"];

    public static string? Reason(JsonObject placement) => (string?)placement["reason"];

    /// <summary>The states of the placement's history, in order.</summary>
    public static string[] History(JsonObject placement) =>
        placement["history"]!.AsArray().Select(change => (string)change!["state"]!).ToArray();

    private static async Task<int> ReadIntAsync(HttpClient client, string path, string field) =>
        (int)(await client.GetFromJsonAsync<JsonObject>(path))![field]!;

    private static async Task<string> CreateAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {path} answered {(int)response.StatusCode}: {text}");
        return (string)JsonNode.Parse(text)!["id"]!;
    }
}
