using System.Net;
using System.Text;

namespace Employers.Tests;

// Its own database, which only ever sees bad requests: so "nothing stored" means no rows at all.
public sealed class RefusingBadRequests(EmployersApi api) : IClassFixture<EmployersApi>
{
    [Theory]
    [InlineData("employerId", null, "employerId")]
    [InlineData("employerId", "42", "employerId")]
    [InlineData("title", null, "title")]
    [InlineData("title", "\"   \"", "title")]
    [InlineData("occupation", "\"93a\"", "occupation")]
    [InlineData("occupation", "\"12345\"", "occupation")]
    [InlineData("location", null, "location")]
    [InlineData("location", "\"Hochfeld\"", "location")]
    [InlineData("location", """{ "lat": 200, "lon": 6.76 }""", "location.lat")]
    [InlineData("location", """{ "lat": 51.4, "lon": -181 }""", "location.lon")]
    [InlineData("location", """{ "place": "Atlantis" }""", "location.place")]
    [InlineData("location", """{ "postalCode": "47229" }""", "location")]
    [InlineData("minLevel", null, "minLevel")]
    [InlineData("minLevel", "\"B3\"", "minLevel")]
    [InlineData("minLevel", "3", "minLevel")]
    [InlineData("positions", "0", "positions")]
    [InlineData("positions", "1001", "positions")]
    [InlineData("positions", "\"three\"", "positions")]
    [InlineData("startsOn", null, "startsOn")]
    [InlineData("startsOn", "\"2027-02-30\"", "startsOn")]
    [InlineData("startsOn", "\"01.08.2027\"", "startsOn")]
    [InlineData("hoursPerWeek", "0", "hoursPerWeek")]
    [InlineData("hoursPerWeek", "61", "hoursPerWeek")]
    [InlineData("languageSupport", "\"yes\"", "languageSupport")]
    public async Task An_opening_with_a_bad_field_is_refused_naming_the_field(string field, string? json, string named)
    {
        var response = await api.PostAsync("/openings", Requests.Opening().With(field, json));

        await AssertRefusedAsync(response, named);
    }

    [Fact]
    public async Task An_opening_with_an_overlong_title_is_refused()
    {
        var response = await api.PostAsync("/openings", Requests.Opening().With("title", $"\"{new string('x', 201)}\""));

        await AssertRefusedAsync(response, "title");
    }

    [Theory]
    [InlineData("employerId", null, "employerId")]
    [InlineData("occupations", null, "occupations")]
    [InlineData("occupations", "\"93\"", "occupations")]
    [InlineData("occupations", """["93", "93a"]""", "occupations[1]")]
    [InlineData("occupations", """["12345"]""", "occupations[0]")]
    [InlineData("occupations", """[""]""", "occupations[0]")]
    [InlineData("minLevel", null, "minLevel")]
    [InlineData("minLevel", "\"fluent\"", "minLevel")]
    [InlineData("quota", null, "quota")]
    [InlineData("quota", "-1", "quota")]
    [InlineData("quota", "10001", "quota")]
    [InlineData("quota", "2.5", "quota")]
    [InlineData("validFrom", null, "validFrom")]
    [InlineData("validFrom", "\"2027-02-30\"", "validFrom")]
    [InlineData("validTo", "\"2026-12-31\"", "validTo")]
    [InlineData("languageSupport", "true", "languageSupport")]
    public async Task An_agreement_with_a_bad_field_is_refused_naming_the_field(string field, string? json, string named)
    {
        var response = await api.PostAsync("/agreements", Requests.Agreement().With(field, json));

        await AssertRefusedAsync(response, named);
    }

    [Fact]
    public async Task An_agreement_over_more_than_50_occupations_is_refused()
    {
        var occupations = string.Join(',', Enumerable.Range(1000, 51).Select(code => $"\"{code}\""));

        var response = await api.PostAsync("/agreements", Requests.Agreement().With("occupations", $"[{occupations}]"));

        await AssertRefusedAsync(response, "occupations");
    }

    [Theory]
    [InlineData("/openings", """{ "employerId": "rhein-logistik", "title": """)]
    [InlineData("/openings", "not json")]
    [InlineData("/agreements", """{ "employerId": "rhein-logistik" """)]
    [InlineData("/agreements", "")]
    public async Task Malformed_json_is_refused(string path, string body)
    {
        var client = path == "/agreements" ? api.AsCoordinator() : api.AsEmployer();

        var response = await client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEmpty(await api.ErrorFieldsAsync(response));
        await AssertNothingStoredAsync();
    }

    private async Task AssertRefusedAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], await api.ErrorFieldsAsync(response));
        await AssertNothingStoredAsync();
    }

    private async Task AssertNothingStoredAsync()
    {
        Assert.Equal(0, await api.CountRowsAsync("openings"));
        Assert.Equal(0, await api.CountRowsAsync("agreements"));
        Assert.Equal(0, await api.CountRowsAsync("outbox_messages"));
    }
}
