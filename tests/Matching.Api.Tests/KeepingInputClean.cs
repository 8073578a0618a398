using System.Net;
using System.Text.Json.Nodes;
using Matching.Contracts;

namespace Matching.Api.Tests;

/// <summary>Queries are bounded and unambiguous: dates in 2000–2100, a place within bounds even beside coordinates, text
/// read in one Unicode form (NFC); a date in the past means today.</summary>
public sealed class KeepingInputClean(MatchingApp app) : IClassFixture<MatchingApp>
{
    /// <summary>A field of a good query, the JSON it is set to, and the field the answer must name.</summary>
    public static TheoryData<string, string, string> UnsafeFields => new()
    {
        { "availableFrom", "\"1999-12-31\"", "availableFrom" },
        { "availableFrom", "\"0001-01-01\"", "availableFrom" },
        { "availableFrom", "\"2101-01-01\"", "availableFrom" },
        { "availableFrom", "\"9999-12-31\"", "availableFrom" },
        { "location", $$"""{ "lat": 51.42, "lon": 6.75, "place": "{{new string('x', 101)}}" }""", "location.place" },
        { "location", """{ "lat": 51.42, "lon": 6.75, "place": "Hoch\u0000feld" }""", "location.place" },
        { "reference", "\"case\\u0000-4711\"", "reference" },
    };

    [Theory]
    [MemberData(nameof(UnsafeFields))]
    public async Task A_query_with_an_unsafe_field_is_refused_naming_the_field(string field, string json, string named)
    {
        var query = Given.Person(Given.At("Hochfeld")).With(field, JsonNode.Parse(json));

        var response = await app.MatchAsync(query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var fields = await MatchingApp.ErrorFieldsAsync(response);
        Assert.True(fields.Contains(named), $"errors name [{string.Join(", ", fields)}], not {named}");
    }

    [Fact]
    public async Task A_cohort_with_a_date_out_of_bounds_is_refused_naming_the_person()
    {
        var person = Given.Person(Given.At("Hochfeld")).With("availableFrom", "2101-01-01");

        var response = await app.AsCaseworker().PostAsync("/allocations",
            new StringContent(new JsonObject { ["people"] = new JsonArray(person) }.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("people[0].availableFrom", await MatchingApp.ErrorFieldsAsync(response));
    }

    [Fact]
    public async Task Available_from_a_day_in_the_past_means_available_from_today()
    {
        var here = Given.SpotOfItsOwn();
        var courseToday = Given.Course(here) with { StartsOn = MatchingApp.Today };
        var courseLastWeek = Given.Course(here) with { StartsOn = MatchingApp.Today.AddDays(-7) };
        await app.PublishAsync(new CoursePublished(courseToday));
        await app.PublishAsync(new CoursePublished(courseLastWeek));
        await app.ConsumedAsync<CoursePublished>(e => e.Course.Id == courseLastWeek.Id);
        var person = Given.Person(here).With("availableFrom", "2020-01-01");

        var suggestions = await app.SuggestionsOnceAsync(person, s => s.Mention(courseToday.Id), "the course starting today should be suggested");

        Assert.False(suggestions.Mention(courseLastWeek.Id), "the course that started last week is not suggested");
    }

    [Fact]
    public async Task A_reference_is_read_composed_as_NFC()
    {
        var query = Given.Person(Given.At("Hochfeld")).With("reference", "fall-mu\u0308ller");

        var answer = await app.AnswerAsync(query);

        Assert.Equal("fall-m\u00fcller", (string?)answer["reference"]);
    }
}
