using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Courses.Tests;

/// <summary>
/// Every answer about a course carries its version as an ETag; a provider that sends it back in If-Match changes the
/// course only if nobody (no other request, no placement) changed it since.
/// </summary>
public sealed class ChangingTheVersionSeen(CoursesApp app) : IClassFixture<CoursesApp>
{
    private readonly HttpClient client = app.AsProvider();

    [Fact]
    public async Task Every_answer_about_a_course_should_carry_its_version_as_ETag()
    {
        var published = await client.PostAsJsonAsync("/courses", CoursesApp.ExampleCourse());
        var id = (Guid)(await published.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        var read = await client.GetAsync($"/courses/{id}");
        var changed = await client.PutAsJsonAsync($"/courses/{id}/seats", new { seatsFree = 3 });

        Assert.Equal(new EntityTagHeaderValue("\"1\""), published.Headers.ETag);
        Assert.Equal(new EntityTagHeaderValue("\"1\""), read.Headers.ETag);
        Assert.Equal(new EntityTagHeaderValue("\"2\""), changed.Headers.ETag);
    }

    [Fact]
    public async Task Seats_sent_with_the_version_seen_before_a_placement_reserved_one_should_be_refused_with_412_and_change_nothing()
    {
        var course = await app.PublishAsync(CoursesApp.ExampleCourse());
        var seen = (await client.GetAsync($"/courses/{course.Id}")).Headers.ETag!;
        Assert.Null(await app.ReserveSeatAsync(course.Id, Guid.CreateVersion7()));
        var before = await app.GetCourseAsync(course.Id);
        var events = await app.CountEventsAboutAsync(course.Id);

        var response = await client.SendAsync(Put($"/courses/{course.Id}/seats", new { seatsFree = 6 }, seen.Tag));

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(new EntityTagHeaderValue("\"2\""), response.Headers.ETag);
        Assert.Equal(before.ToJsonString(), (await app.GetCourseAsync(course.Id)).ToJsonString());
        Assert.Equal(events, await app.CountEventsAboutAsync(course.Id));
    }

    [Theory]
    [InlineData("\"1\"")]
    [InlineData("\"7\", \"1\"")]
    [InlineData("*")]
    public async Task Seats_sent_with_the_current_version_should_change_the_course(string ifMatch)
    {
        var course = await app.PublishAsync(CoursesApp.ExampleCourse());

        var response = await client.SendAsync(Put($"/courses/{course.Id}/seats", new { seatsFree = 3 }, ifMatch));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new EntityTagHeaderValue("\"2\""), response.Headers.ETag);
        Assert.Equal(3, (int)(await app.GetCourseAsync(course.Id))["seatsFree"]!);
    }

    [Theory]
    [InlineData("\"2\"")]
    [InlineData("W/\"1\"")]
    [InlineData("1")]
    public async Task Seats_sent_with_another_version_should_be_refused_with_412(string ifMatch)
    {
        var course = await app.PublishAsync(CoursesApp.ExampleCourse());

        var response = await client.SendAsync(Put($"/courses/{course.Id}/seats", new { seatsFree = 3 }, ifMatch));

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal((1, 6), ((int)(await app.GetCourseAsync(course.Id))["version"]!, (int)(await app.GetCourseAsync(course.Id))["seatsFree"]!));
    }

    [Fact]
    public async Task Withdrawing_with_a_stale_version_should_be_refused_with_412_and_with_the_current_one_withdraw()
    {
        var course = await app.PublishAsync(CoursesApp.ExampleCourse());
        await client.PutAsJsonAsync($"/courses/{course.Id}/seats", new { seatsFree = 3 });

        var stale = new HttpRequestMessage(HttpMethod.Delete, $"/courses/{course.Id}") { Headers = { { "If-Match", "\"1\"" } } };
        var current = new HttpRequestMessage(HttpMethod.Delete, $"/courses/{course.Id}") { Headers = { { "If-Match", "\"2\"" } } };
        var refused = await client.SendAsync(stale);
        var stillOffered = (bool)(await app.GetCourseAsync(course.Id))["withdrawn"]! == false;
        var withdrawn = await client.SendAsync(current);

        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.True(stillOffered);
        Assert.Equal(HttpStatusCode.NoContent, withdrawn.StatusCode);
        Assert.True((bool)(await app.GetCourseAsync(course.Id))["withdrawn"]!);
    }

    private static HttpRequestMessage Put(string path, object body, string ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return request;
    }
}
