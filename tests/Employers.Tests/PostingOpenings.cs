using System.Net;
using Employers.Api.Openings;
using Matching.Contracts;
using Matching.Vocabulary;

namespace Employers.Tests;

public sealed class PostingOpenings(EmployersApi api) : IClassFixture<EmployersApi>
{
    [Fact]
    public async Task Posting_an_opening_stores_it_with_every_position_left_and_publishes_version_1()
    {
        var response = await api.PostAsync("/openings", Requests.Opening());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var opening = await api.ReadAsync<OpeningResponse>(response);
        Assert.Equal($"/openings/{opening.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(1, opening.Version);
        Assert.Equal("rhein-logistik", opening.EmployerId);
        Assert.Equal("Lagerhelfer/in", opening.Title);
        Assert.Equal("9333", opening.Occupation);
        Assert.Equal(Level.B1, opening.MinLevel);
        Assert.Equal(3, opening.Positions);
        Assert.Equal(3, opening.PositionsLeft);
        Assert.Equal(new DateOnly(2027, 8, 1), opening.StartsOn);
        Assert.Equal(38, opening.HoursPerWeek);
        Assert.True(opening.LanguageSupport);
        Assert.False(opening.Closed);
        Assert.Equal("Rheinhausen", opening.Location.Place);
        Assert.Equal("47229", opening.Location.PostalCode);
        Assert.Equal("Hafenstraße 1", opening.Location.Address);
        Assert.InRange(opening.Location.Lat, 51.3, 51.5); // Rheinhausen, Duisburg
        Assert.InRange(opening.Location.Lon, 6.6, 6.8);

        Assert.Equal(opening, await api.ReadAsync<OpeningResponse>(await api.AsEmployer().GetAsync($"/openings/{opening.Id}")));
        Assert.Contains(StateOf(opening), (await api.PublishedAsync<OpeningPosted>()).Select(posted => posted.Opening));
    }

    [Fact]
    public async Task An_opening_given_by_coordinates_keeps_them()
    {
        var body = Requests.Opening().With("location", """{ "lat": 51.4167, "lon": 6.7667 }""").With("languageSupport", null);

        var opening = await api.ReadAsync<OpeningResponse>(await api.PostAsync("/openings", body));

        Assert.Equal(new LocationResponse(51.4167, 6.7667, null, null, null), opening.Location);
        Assert.False(opening.LanguageSupport);
    }

    [Fact]
    public async Task An_employer_sees_its_open_openings_soonest_first_and_not_the_closed_ones_or_other_employers()
    {
        var later = Requests.Opening("stahl-nord").With("startsOn", "\"2027-10-01\"");
        var second = await api.ReadAsync<OpeningResponse>(await api.PostAsync("/openings", later));
        var first = await api.ReadAsync<OpeningResponse>(await api.PostAsync("/openings", Requests.Opening("stahl-nord")));
        var closed = await api.ReadAsync<OpeningResponse>(await api.PostAsync("/openings", Requests.Opening("stahl-nord")));
        await api.PostAsync("/openings", Requests.Opening("someone-else"));
        await api.AsEmployer("stahl-nord").PostAsync($"/openings/{closed.Id}/close", null);

        var listed = await api.ReadAsync<OpeningResponse[]>(await api.AsEmployer("stahl-nord").GetAsync("/openings?employerId=stahl-nord"));

        Assert.Equal([first.Id, second.Id], listed.Select(opening => opening.Id));
    }

    [Fact]
    public async Task Listing_openings_without_an_employerId_is_refused()
    {
        var response = await api.AsEmployer().GetAsync("/openings");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["employerId"], await api.ErrorFieldsAsync(response));
    }

    [Fact]
    public async Task Closing_an_opening_publishes_it_closed_as_version_2()
    {
        var posted = await api.ReadAsync<OpeningResponse>(await api.PostAsync("/openings", Requests.Opening()));

        var response = await api.AsEmployer().PostAsync($"/openings/{posted.Id}/close", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var closed = await api.ReadAsync<OpeningResponse>(response);
        Assert.Equal(posted with { Version = 2, Closed = true }, closed);
        Assert.Equal(closed, await api.ReadAsync<OpeningResponse>(await api.AsEmployer().GetAsync($"/openings/{posted.Id}")));
        Assert.Contains(StateOf(closed), (await api.PublishedAsync<OpeningClosed>()).Select(message => message.Opening));
    }

    [Fact]
    public async Task Closing_an_opening_again_changes_nothing()
    {
        var posted = await api.ReadAsync<OpeningResponse>(await api.PostAsync("/openings", Requests.Opening()));
        var client = api.AsEmployer();
        await client.PostAsync($"/openings/{posted.Id}/close", null);

        var response = await client.PostAsync($"/openings/{posted.Id}/close", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(posted with { Version = 2, Closed = true }, await api.ReadAsync<OpeningResponse>(response));
        Assert.Single(await api.PublishedAsync<OpeningClosed>(), message => message.Opening.Id == posted.Id);
    }

    [Theory]
    [InlineData("GET", "/openings/0198a6c2-0000-7000-8000-000000000000")]
    [InlineData("POST", "/openings/0198a6c2-0000-7000-8000-000000000000/close")]
    [InlineData("GET", "/openings/not-a-guid")]
    public async Task An_unknown_opening_is_not_found(string method, string path)
    {
        var response = await api.AsEmployer().SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>What the events should carry of the opening the API shows.</summary>
    private static OpeningState StateOf(OpeningResponse opening) => new(opening.Id, opening.Version, opening.EmployerId, opening.Title,
        opening.Occupation, opening.Location.Lat, opening.Location.Lon, opening.MinLevel, opening.Positions, opening.PositionsLeft,
        opening.StartsOn, opening.HoursPerWeek, opening.LanguageSupport, opening.Closed);
}
