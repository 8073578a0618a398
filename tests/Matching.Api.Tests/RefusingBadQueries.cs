using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Matching.Api.Tests;

public sealed class RefusingBadQueries(MatchingApp app) : IClassFixture<MatchingApp>
{
    /// <summary>A field of a good query, the JSON it is set to (null: left out), and the field the answer must name.</summary>
    public static TheoryData<string, string?, string> BadFields => new()
    {
        { "reference", null, "reference" },
        { "reference", "\"  \"", "reference" },
        { "reference", $"\"{new string('x', 101)}\"", "reference" },
        { "level", null, "level" },
        { "level", "\"B3\"", "level" },
        { "level", "3", "level" },
        { "location", null, "location" },
        { "location", """{ "place": "Atlantis" }""", "location.place" },
        { "location", """{ "lat": 200, "lon": 6.76 }""", "location.lat" },
        { "location", """{ "lat": 51.4, "lon": -181 }""", "location.lon" },
        { "maxDistanceKm", "0", "maxDistanceKm" },
        { "maxDistanceKm", "-5", "maxDistanceKm" },
        { "maxDistanceKm", "5000", "maxDistanceKm" },
        { "limit", "0", "limit" },
        { "limit", "501", "limit" },
        { "limit", "\"ten\"", "limit" },
        { "occupations", """["93a"]""", "occupations[0]" },
        { "occupations", """["93", "12345"]""", "occupations[1]" },
        { "occupations", $"[{string.Join(", ", Enumerable.Range(1000, 51).Select(code => $"\"{code}\""))}]", "occupations" },
        { "schedules", """["night"]""", "schedules[0]" },
        { "availableFrom", "\"2027-02-30\"", "availableFrom" },
        { "needsChildcare", "\"yes\"", "needsChildcare" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task A_query_with_a_bad_field_is_refused_naming_the_field(string field, string? json, string named)
    {
        var query = Given.Person(Given.At("Hochfeld"));
        if (json is null) query.Remove(field);
        else query[field] = JsonNode.Parse(json);

        var response = await app.MatchAsync(query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var fields = await MatchingApp.ErrorFieldsAsync(response);
        Assert.True(fields.Contains(named), $"errors name [{string.Join(", ", fields)}], not {named}");
    }

    [Theory]
    [InlineData("""{ "reference": "case-4711", "level": """)]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("")]
    public async Task A_body_that_is_not_a_json_query_is_refused(string body)
    {
        var response = await app.AsCaseworker().PostAsync("/matches", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEmpty(await MatchingApp.ErrorFieldsAsync(response));
    }

    [Fact]
    public async Task A_query_with_every_field_wrong_is_refused_naming_each_of_them()
    {
        var query = new JsonObject
        {
            ["reference"] = "",
            ["location"] = new JsonObject { ["place"] = "Atlantis" },
            ["maxDistanceKm"] = 0,
            ["limit"] = 501,
            ["occupations"] = new JsonArray("93a"),
        };

        var response = await app.MatchAsync(query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(
            ["level", "limit", "location.place", "maxDistanceKm", "occupations[0]", "reference"],
            (await MatchingApp.ErrorFieldsAsync(response)).Order());
    }
}
