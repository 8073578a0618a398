using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Courses.Tests;

/// <summary>Every request here is invalid, so this app's database must stay empty: no course, no event.</summary>
public sealed class RejectedCourseTests(CoursesApp app) : IClassFixture<CoursesApp>
{
    private readonly HttpClient client = app.AsProvider();

    /// <summary>A field of the example course, the JSON it is set to (null: left out), and the field the answer must name.</summary>
    public static TheoryData<string, string?, string> BadFields => new()
    {
        { "providerId", null, "providerId" },
        { "title", null, "title" },
        { "title", $"\"{new string('x', 201)}\"", "title" },
        { "kind", null, "kind" },
        { "kind", "3", "kind" },
        { "kind", "\"cooking\"", "kind" },
        { "levelFrom", "\"Z9\"", "levelFrom" },
        { "levelTo", "\"none\"", "levelTo" },
        { "levelFrom", "\"B2\"", "levelTo" },
        { "startsOn", null, "startsOn" },
        { "endsOn", "\"2027-01-10\"", "endsOn" },
        { "endsOn", "\"2027-02-30\"", "endsOn" },
        { "hoursPerWeek", "0", "hoursPerWeek" },
        { "hoursPerWeek", "61", "hoursPerWeek" },
        { "schedule", null, "schedule" },
        { "seatsTotal", "0", "seatsTotal" },
        { "seatsTotal", "1001", "seatsTotal" },
        { "seatsTotal", "\"many\"", "seatsTotal" },
        { "seatsFree", "-1", "seatsFree" },
        { "seatsFree", "21", "seatsFree" },
        { "location", null, "location" },
        { "location", """{ "lat": 200, "lon": 6.75 }""", "location.lat" },
        { "location", """{ "lat": 51.4, "lon": -181 }""", "location.lon" },
        { "location", """{ "lat": 51.4 }""", "location.lon" },
        { "location", """{ "place": "Atlantis" }""", "location.place" },
        { "location", """{ "place": "Hochfeld", "postalCode": "47053-47059-47" }""", "location.postalCode" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task A_bad_field_should_be_rejected_by_name_and_nothing_stored_or_published(string field, string? json, string named)
    {
        var course = CoursesApp.ExampleCourse();
        if (json is null) course.Remove(field);
        else course[field] = JsonNode.Parse(json);

        var response = await client.PostAsJsonAsync("/courses", course);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = await CoursesApp.ReadErrorsAsync(response);
        Assert.True(errors.TryGetProperty(named, out _), $"errors name {errors}, not {named}");
        await AssertNothingStoredAsync();
    }

    [Theory]
    [InlineData("""{ "providerId": "vhs-duisburg", "title": """)]
    [InlineData("not json")]
    [InlineData("")]
    public async Task A_body_that_is_not_json_should_be_rejected_and_nothing_stored(string body)
    {
        var response = await client.PostAsync("/courses", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEmpty((await CoursesApp.ReadErrorsAsync(response)).EnumerateObject());
        await AssertNothingStoredAsync();
    }

    private async Task AssertNothingStoredAsync()
    {
        Assert.Equal(0, await app.CountRowsAsync("courses"));
        Assert.Equal(0, await app.CountRowsAsync("outbox_messages"));
    }
}
