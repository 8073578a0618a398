using System.Net;
using Matching.Testing;

namespace Employers.Tests;

/// <summary>Input is bounded and unambiguous: dates in 2000–2100, employer ids in lower case without invisible characters,
/// a place within bounds even beside coordinates, and text stored in one Unicode form (NFC).</summary>
public sealed class CleanInputTests(EmployersApi api) : IClassFixture<EmployersApi>
{
    [Theory]
    [InlineData("employerId", "\"Rhein-Logistik\"", "employerId")]
    [InlineData("employerId", "\"rhein\\u200Blogistik\"", "employerId")]
    [InlineData("employerId", "\"rhein-logistik\\u200D\"", "employerId")]
    [InlineData("employerId", "\"\\uFEFFrhein-logistik\"", "employerId")]
    [InlineData("employerId", "\"rhein-\\u202Ekitsigol\"", "employerId")]
    [InlineData("employerId", "\"rhein-logistik\\u200F\"", "employerId")]
    [InlineData("startsOn", "\"1999-12-31\"", "startsOn")]
    [InlineData("startsOn", "\"2101-01-01\"", "startsOn")]
    [InlineData("location", """{ "lat": 51.4, "lon": 6.7, "place": "Rhein\u0000hausen" }""", "location.place")]
    public async Task An_opening_with_an_unsafe_field_is_refused_naming_the_field(string field, string json, string named)
    {
        var response = await api.PostAsync("/openings", Requests.Opening().With(field, json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(named, await api.ErrorFieldsAsync(response));
    }

    [Fact]
    public async Task An_opening_with_an_overlong_place_beside_its_coordinates_is_refused()
    {
        var location = $$"""{ "lat": 51.4, "lon": 6.7, "place": "{{new string('x', 101)}}" }""";

        var response = await api.PostAsync("/openings", Requests.Opening().With("location", location));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["location.place"], await api.ErrorFieldsAsync(response));
    }

    [Theory]
    [InlineData("employerId", "\"RHEIN-LOGISTIK\"", "employerId")]
    [InlineData("employerId", "\"rhein\\u2066logistik\"", "employerId")]
    [InlineData("validFrom", "\"1999-12-31\"", "validFrom")]
    [InlineData("validTo", "\"2101-01-01\"", "validTo")]
    public async Task An_agreement_with_an_unsafe_field_is_refused_naming_the_field(string field, string json, string named)
    {
        var response = await api.PostAsync("/agreements", Requests.Agreement().With(field, json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(named, await api.ErrorFieldsAsync(response));
    }

    [Fact]
    public async Task Employer_id_and_title_are_stored_composed_as_NFC()
    {
        // The employer's own id is the composed one; its system sent the decomposed spelling.
        var response = await api.PostAsync("/openings",
            Requests.Opening(employerId: "mu\u0308ller-logistik").With("title", "\"Lagerhelfer/in Mu\u0308lheim\""),
            Tokens.Employer("m\u00fcller-logistik"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var opening = await api.ReadAsync<Employers.Api.Openings.OpeningResponse>(response);
        Assert.Equal(("m\u00fcller-logistik", "Lagerhelfer/in M\u00fclheim"), (opening.EmployerId, opening.Title));
    }
}
