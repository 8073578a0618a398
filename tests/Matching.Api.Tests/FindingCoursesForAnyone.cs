using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Matching.Contracts;
using Matching.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Matching.Api.Tests;

/// <summary>The public course finder: anyone, without a token, gets courses with free seats near a place — never anything else.</summary>
public sealed class FindingCoursesForAnyone(MatchingApp app) : IClassFixture<MatchingApp>
{
    [Fact]
    public async Task An_anonymous_search_should_answer_courses_with_their_contact_and_never_openings()
    {
        var course = Given.Course(Given.At("Hochfeld")) with
        {
            Title = "Integrationskurs Finder", Contact = new CourseContact("0203 1234", "kurse@vhs.example", "https://vhs.example"),
        };
        var full = Given.Course(Given.At("Hochfeld")) with { Title = "Voller Kurs", SeatsFree = 0 };
        var opening = Given.Opening(Given.At("Hochfeld"));
        await app.PublishAsync(new CoursePublished(course));
        await app.PublishAsync(new CoursePublished(full));
        await app.PublishAsync(new OpeningPosted(opening));
        using var anyone = app.CreateClient();

        // The catalog hears of the course on the replica's own feed; its contact comes from the shared store, written by
        // another consumer of the same event, a moment earlier or later.
        JsonArray found = [];
        await Poll.UntilAsync(async () =>
        {
            found = (await anyone.GetFromJsonAsync<JsonArray>("/finder/courses?place=Hochfeld&level=A1&childcare=true"))!;
            return found.Any(c => (Guid)c!["id"]! == course.Id && c["contact"] is not null);
        }, Poll.ShortestDeadline, () => $"the finder never listed the course with its contact; it listed {found.ToJsonString()}");

        var shown = found.Single(c => (Guid)c!["id"]! == course.Id)!;
        Assert.Equal("0203 1234", (string?)shown["contact"]!["phone"]);
        Assert.Equal("https://vhs.example", (string?)shown["contact"]!["url"]);
        Assert.Equal(6, (int)shown["seatsFree"]!);
        Assert.DoesNotContain(found, c => (Guid)c!["id"]! == full.Id);
        var text = found.ToJsonString();
        Assert.DoesNotContain(opening.Id.ToString(), text);
        Assert.DoesNotContain("opening", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("agreement", text, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/finder/courses", "place")]
    [InlineData("/finder/courses?place=Atlantis", "place")]
    [InlineData("/finder/courses?place=Hochfeld&level=Z9", "level")]
    [InlineData("/finder/courses?place=Hochfeld&level=3", "level")]
    [InlineData("/finder/courses?place=Hochfeld&schedule=night", "schedule")]
    [InlineData("/finder/courses?place=Hochfeld&maxDistanceKm=500", "maxDistanceKm")]
    [InlineData("/finder/courses?place=Hochfeld&limit=0", "limit")]
    public async Task A_bad_search_should_be_a_400_naming_the_field(string url, string field)
    {
        using var anyone = app.CreateClient();
        using var response = await anyone.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await MatchingApp.ErrorFieldsAsync(response));
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_each_visitor_should_be_limited_on_their_own()
    {
        await using var service = LimitedTo(perMinute: 2, trusting: "10.0.0.0/8");
        var portal = IPAddress.Parse("10.0.0.7");

        Assert.True(await LimitedAsync(service, portal, _ => "203.0.113.1"), "one visitor asking on and on is limited");
        Assert.Equal(200, await SearchAsync(service, portal, "203.0.113.2"));
    }

    [Fact]
    public async Task A_caller_not_trusted_as_a_proxy_should_not_escape_the_limit_by_naming_other_addresses()
    {
        await using var service = LimitedTo(perMinute: 2, trusting: "10.0.0.0/8");
        var stranger = IPAddress.Parse("198.51.100.9");

        Assert.True(await LimitedAsync(service, stranger, attempt => $"203.0.113.{attempt + 1}"), "the header was believed");
    }

    private WebApplicationFactory<Program> LimitedTo(int perMinute, string trusting) => app.WithWebHostBuilder(builder => builder
        .UseSetting("RateLimits:AnonymousPerMinute", perMinute.ToString(CultureInfo.InvariantCulture))
        .UseSetting("RateLimits:TrustedProxies:0", trusting));

    // Two fixed windows' worth and one more: a window may end between two searches, but not two windows in a test's time.
    private static async Task<bool> LimitedAsync(WebApplicationFactory<Program> service, IPAddress from, Func<int, string> forwardedFor)
    {
        for (var attempt = 0; attempt < 5; attempt++)
            if (await SearchAsync(service, from, forwardedFor(attempt)) == 429) return true;
        return false;
    }

    private static async Task<int> SearchAsync(WebApplicationFactory<Program> service, IPAddress from, string forwardedFor)
    {
        var answered = await service.Server.SendAsync(context =>
        {
            context.Request.Method = "GET";
            context.Request.Path = "/finder/courses";
            context.Request.QueryString = new QueryString("?place=Hochfeld");
            context.Request.Headers["X-Forwarded-For"] = forwardedFor;
            context.Connection.RemoteIpAddress = from;
        });
        return answered.Response.StatusCode;
    }
}
