using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Courses.Api.Courses;
using Matching.Hosting.Messaging;

namespace Courses.Tests;

/// <summary>Input is bounded and unambiguous: dates in 2000–2100, ids in lower case without invisible characters,
/// a place within bounds even beside coordinates, and text stored in one Unicode form (NFC).</summary>
public sealed class CleanInputTests(CoursesApp app) : IClassFixture<CoursesApp>
{
    private readonly HttpClient client = app.AsProvider();

    /// <summary>A field of the example course, the JSON it is set to, and the field the answer must name.</summary>
    public static TheoryData<string, string, string> UnsafeFields => new()
    {
        { "startsOn", "\"1999-12-31\"", "startsOn" },
        { "startsOn", "\"0001-01-01\"", "startsOn" },
        { "endsOn", "\"2101-01-01\"", "endsOn" },
        { "endsOn", "\"9999-12-31\"", "endsOn" },
        { "providerId", "\"VHS-Duisburg\"", "providerId" },
        { "providerId", "\"vhs\\u200Bduisburg\"", "providerId" },
        { "providerId", "\"vhs-duisburg\\u2060\"", "providerId" },
        { "providerId", "\"\\uFEFFvhs-duisburg\"", "providerId" },
        { "providerId", "\"vhs-\\u202Egrubsiud\"", "providerId" },
        { "providerId", "\"vhs-\\u2067duisburg\\u2069\"", "providerId" },
        { "providerId", "\"vhs-duisburg\\u200E\"", "providerId" },
        { "location", $$"""{ "lat": 51.42, "lon": 6.75, "place": "{{new string('x', 101)}}" }""", "location.place" },
        { "location", """{ "lat": 51.42, "lon": 6.75, "place": "Hoch\tfeld" }""", "location.place" },
    };

    [Theory]
    [MemberData(nameof(UnsafeFields))]
    public async Task An_unsafe_field_should_be_rejected_by_name(string field, string json, string named)
    {
        var course = CoursesApp.ExampleCourse();
        course[field] = JsonNode.Parse(json);

        var response = await client.PostAsJsonAsync("/courses", course);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = await CoursesApp.ReadErrorsAsync(response);
        Assert.True(errors.TryGetProperty(named, out _), $"errors name {errors}, not {named}");
    }

    [Fact]
    public async Task The_first_and_last_dates_allowed_should_be_accepted()
    {
        var course = CoursesApp.ExampleCourse();
        course["startsOn"] = "2000-01-01";
        course["endsOn"] = "2100-12-31";

        var published = await app.PublishAsync(course);

        Assert.Equal((new DateOnly(2000, 1, 1), new DateOnly(2100, 12, 31)), (published.StartsOn, published.EndsOn));
    }

    [Fact]
    public async Task Text_should_be_stored_composed_as_NFC_whichever_form_it_came_in()
    {
        var course = CoursesApp.ExampleCourse(providerId: "vhs-du\u0308sseldorf");
        course["title"] = "Integrationskurs Du\u0308sseldorf";

        // The provider's own id is the composed one; its system sent the decomposed spelling.
        var published = await app.PublishAsync(course, providerId: "vhs-d\u00fcsseldorf");

        var stored = await client.GetFromJsonAsync<CourseResponse>($"/courses/{published.Id}", MessageJson.Options);
        Assert.Equal(("vhs-d\u00fcsseldorf", "Integrationskurs D\u00fcsseldorf"), (stored!.ProviderId, stored.Title));
    }

    [Fact]
    public async Task A_place_beside_coordinates_should_be_kept_when_it_is_within_bounds()
    {
        var course = CoursesApp.ExampleCourse();
        course["location"] = new JsonObject { ["lat"] = 51.42, ["lon"] = 6.75, ["place"] = "Hochfeld" };

        var published = await app.PublishAsync(course);

        Assert.Equal("Hochfeld", published.Location?.Place);
    }
}
