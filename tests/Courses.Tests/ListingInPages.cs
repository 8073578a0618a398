using System.Net;
using System.Net.Http.Json;
using Courses.Api.Courses;
using Matching.Hosting.Messaging;

namespace Courses.Tests;

/// <summary>A provider's courses come in pages: page 1 first, 50 to a page unless asked for 1 to 100.</summary>
public sealed class ListingInPages(CoursesApp app) : IClassFixture<CoursesApp>
{
    private readonly HttpClient client = app.CreateClient();

    [Fact]
    public async Task A_providers_courses_should_come_in_pages_of_the_size_asked_for_with_the_total_count()
    {
        var provider = "provider-" + Guid.NewGuid().ToString("N");
        var published = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var course = CoursesApp.ExampleCourse(provider);
            course["startsOn"] = $"2027-01-1{i}";
            published.Add((await app.PublishAsync(course)).Id);
        }

        var pages = new List<Guid[]>();
        HttpResponseMessage? first = null;
        for (var page = 1; page <= 4; page++)
        {
            var response = await client.GetAsync($"/courses?providerId={provider}&page={page}&pageSize=2");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            first ??= response;
            pages.Add((await response.Content.ReadFromJsonAsync<CourseResponse[]>(MessageJson.Options))!.Select(course => course.Id).ToArray());
        }

        var ids = published.ToArray();
        Assert.Equal([ids[0..2], ids[2..4], ids[4..], []], pages);
        Assert.Equal(["5"], first!.Headers.GetValues("X-Total-Count"));
        Assert.Contains($"</courses?providerId={provider}&page=2&pageSize=2>; rel=\"next\"", first.Headers.GetValues("Link").Single());
    }

    [Fact]
    public async Task Without_paging_the_first_fifty_should_be_shown()
    {
        var provider = "provider-" + Guid.NewGuid().ToString("N");
        for (var i = 0; i < 51; i++) await app.PublishAsync(CoursesApp.ExampleCourse(provider));

        var firstPage = await client.GetFromJsonAsync<CourseResponse[]>($"/courses?providerId={provider}", MessageJson.Options);
        var secondPage = await client.GetFromJsonAsync<CourseResponse[]>($"/courses?providerId={provider}&page=2", MessageJson.Options);

        Assert.Equal((50, 1), (firstPage!.Length, secondPage!.Length));
        Assert.Empty(firstPage.Select(course => course.Id).Intersect(secondPage.Select(course => course.Id)));
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("page=-1", "page")]
    [InlineData("page=first", "page")]
    [InlineData("page=2147483648", "page")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("pageSize=1.5", "pageSize")]
    public async Task A_page_out_of_range_should_be_refused_naming_the_field(string query, string field)
    {
        var response = await client.GetAsync($"/courses?providerId=vhs-duisburg&{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], (await CoursesApp.ReadErrorsAsync(response)).EnumerateObject().Select(error => error.Name));
    }
}
