using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Courses.Api.Courses;
using Matching.Contracts;
using Matching.Hosting.Messaging;
using Matching.Vocabulary;

namespace Courses.Tests;

public sealed class CoursesApiTests(CoursesApp app) : IClassFixture<CoursesApp>
{
    private readonly HttpClient client = app.AsProvider();

    [Fact]
    public async Task Publishing_a_course_should_store_it_and_raise_CoursePublished()
    {
        var response = await client.PostAsJsonAsync("/courses", CoursesApp.ExampleCourse());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var course = (await response.Content.ReadFromJsonAsync<CourseResponse>(MessageJson.Options))!;
        Assert.Equal($"/courses/{course.Id}", response.Headers.Location?.ToString());
        Assert.Equal(1, course.Version);
        Assert.Equal(("vhs-duisburg", "Integrationskurs (vormittags)", CourseKind.Integration), (course.ProviderId, course.Title, course.Kind));
        Assert.Equal((Level.None, Level.B1), (course.LevelFrom, course.LevelTo));
        Assert.Equal((new DateOnly(2027, 1, 11), new DateOnly(2027, 6, 30)), (course.StartsOn, course.EndsOn));
        Assert.Equal((25, Schedule.Morning, true, 20, 6, false), (course.HoursPerWeek, course.Schedule, course.Childcare, course.SeatsTotal, course.SeatsFree, course.Withdrawn));
        Assert.Equal("Hochfeld", course.Location?.Place);
        Assert.Equal(51.42, course.Location!.Lat, 0.01);

        var stored = await client.GetFromJsonAsync<CourseResponse>($"/courses/{course.Id}", MessageJson.Options);
        Assert.Equal(course, stored);

        var published = await app.PublishedAsync<CoursePublished>(e => e.Course.Id == course.Id);
        Assert.Equal(1, published.Course.Version);
        Assert.Equal(course.Location.Lat, published.Course.Lat);
    }

    [Fact]
    public async Task The_course_should_be_shown_in_the_json_shape_of_the_design()
    {
        var course = await app.PublishAsync(CoursesApp.ExampleCourse());

        var json = await client.GetFromJsonAsync<JsonObject>($"/courses/{course.Id}");

        Assert.Equal("integration", (string?)json!["kind"]);
        Assert.Equal("none", (string?)json["levelFrom"]);
        Assert.Equal("morning", (string?)json["schedule"]);
        Assert.Equal("2027-01-11", (string?)json["startsOn"]);
        Assert.Equal("Hochfeld", (string?)json["location"]?["place"]);
    }

    [Fact]
    public async Task An_online_course_should_need_no_location()
    {
        var request = CoursesApp.ExampleCourse();
        request.Remove("location");
        request["online"] = true;

        var course = await app.PublishAsync(request);

        Assert.True(course.Online);
        Assert.Null(course.Location);
        var published = await app.PublishedAsync<CoursePublished>(e => e.Course.Id == course.Id);
        Assert.Null(published.Course.Lat);
    }

    [Fact]
    public async Task A_course_at_coordinates_should_keep_its_postal_code_and_address()
    {
        var request = CoursesApp.ExampleCourse();
        request["location"] = new JsonObject { ["lat"] = 51.4194, ["lon"] = 6.7546, ["postalCode"] = "47053", ["address"] = " Wanheimer Str. 1 " };

        var course = await app.PublishAsync(request);

        Assert.Equal(new LocationResponse(51.4194, 6.7546, null, "47053", "Wanheimer Str. 1"), course.Location);
    }

    [Fact]
    public async Task Listing_a_provider_should_show_its_courses_but_not_withdrawn_ones()
    {
        var provider = "provider-" + Guid.NewGuid().ToString("N");
        var offered = await app.PublishAsync(CoursesApp.ExampleCourse(provider));
        var withdrawn = await app.PublishAsync(CoursesApp.ExampleCourse(provider));
        await app.PublishAsync(CoursesApp.ExampleCourse("someone-else"));
        await app.AsProvider(provider).DeleteAsync($"/courses/{withdrawn.Id}");

        var courses = await client.GetFromJsonAsync<CourseResponse[]>($"/courses?providerId={provider}", MessageJson.Options);

        Assert.Equal([offered.Id], courses!.Select(course => course.Id));
    }

    [Fact]
    public async Task Listing_without_a_provider_should_be_rejected_naming_providerId()
    {
        var response = await client.GetAsync("/courses");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await CoursesApp.ReadErrorsAsync(response)).TryGetProperty("providerId", out _));
    }

    [Fact]
    public async Task Publishing_free_seats_should_raise_CourseSeatsChanged_with_the_next_version()
    {
        var course = await app.PublishAsync(CoursesApp.ExampleCourse());

        var response = await client.PutAsJsonAsync($"/courses/{course.Id}/seats", new { seatsFree = 3 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var changed = (await response.Content.ReadFromJsonAsync<CourseResponse>(MessageJson.Options))!;
        Assert.Equal((2, 3), (changed.Version, changed.SeatsFree));
        var published = await app.PublishedAsync<CourseSeatsChanged>(e => e.Course.Id == course.Id);
        Assert.Equal((2, 3), (published.Course.Version, published.Course.SeatsFree));
        var stored = await client.GetFromJsonAsync<CourseResponse>($"/courses/{course.Id}", MessageJson.Options);
        Assert.Equal((2, 3), (stored!.Version, stored.SeatsFree));
    }

    [Fact]
    public async Task Publishing_the_same_free_seats_again_should_change_nothing()
    {
        var course = await app.PublishAsync(CoursesApp.ExampleCourse());

        var response = await client.PutAsJsonAsync($"/courses/{course.Id}/seats", new { seatsFree = course.SeatsFree });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await client.GetFromJsonAsync<CourseResponse>($"/courses/{course.Id}", MessageJson.Options);
        Assert.Equal(1, stored!.Version);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(21)]
    public async Task Free_seats_below_zero_or_above_the_total_should_be_rejected(int seatsFree)
    {
        var course = await app.PublishAsync(CoursesApp.ExampleCourse());

        var response = await client.PutAsJsonAsync($"/courses/{course.Id}/seats", new { seatsFree });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await CoursesApp.ReadErrorsAsync(response)).TryGetProperty("seatsFree", out _));
        var stored = await client.GetFromJsonAsync<CourseResponse>($"/courses/{course.Id}", MessageJson.Options);
        Assert.Equal((1, 6), (stored!.Version, stored.SeatsFree));
    }

    [Fact]
    public async Task Free_seats_of_a_withdrawn_course_should_be_a_conflict()
    {
        var course = await app.PublishAsync(CoursesApp.ExampleCourse());
        await client.DeleteAsync($"/courses/{course.Id}");

        var response = await client.PutAsJsonAsync($"/courses/{course.Id}/seats", new { seatsFree = 3 });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Withdrawing_should_raise_CourseWithdrawn_and_withdrawing_again_should_change_nothing()
    {
        var course = await app.PublishAsync(CoursesApp.ExampleCourse());

        var first = await client.DeleteAsync($"/courses/{course.Id}");
        var second = await client.DeleteAsync($"/courses/{course.Id}");

        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NoContent), (first.StatusCode, second.StatusCode));
        var published = await app.PublishedAsync<CourseWithdrawn>(e => e.Course.Id == course.Id);
        Assert.Equal((2, true), (published.Course.Version, published.Course.Withdrawn));
        var stored = await client.GetFromJsonAsync<CourseResponse>($"/courses/{course.Id}", MessageJson.Options);
        Assert.Equal((2, true), (stored!.Version, stored.Withdrawn));
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("PUT", "/seats")]
    [InlineData("DELETE", "")]
    public async Task An_unknown_course_should_not_be_found(string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), $"/courses/{Guid.NewGuid()}{path}");
        if (method == "PUT") request.Content = JsonContent.Create(new { seatsFree = 1 });

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
