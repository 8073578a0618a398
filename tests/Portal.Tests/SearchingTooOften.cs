using System.Net;
using Matching.Testing;

namespace Portal.Tests;

/// <summary>
/// Matching limits how often one visitor may use the public finder. A visitor who searches past that limit is told to
/// wait a minute, not that search is broken. A portal and a Matching of their own, with a limit of two searches a
/// minute, so that no other test's searches count against it.
/// </summary>
public sealed class SearchingTooOften : IAsyncLifetime
{
    private readonly RabbitMqVirtualHost vhost = RabbitMqVirtualHost.Create();
    private readonly TestDatabase matchingDb = TestDatabase.Sqlite();
    private readonly ServiceProcess matching;
    private readonly ServiceProcess portal;

    public SearchingTooOften()
    {
        var matchingSettings = ServiceProcess.Settings(vhost, matchingDb);
        matchingSettings["RateLimits:AnonymousPerMinute"] = "2";
        matching = new ServiceProcess("services/Matching/Matching.Api", matchingSettings);
        portal = new ServiceProcess("services/Portal/Portal.Web", new Dictionary<string, string>
        {
            // Nothing here signs in: the finder is public, and the sign-in is asked of the identity service only on a challenge.
            ["Portal:Authority"] = "http://127.0.0.1:9/",
            ["Portal:ClientId"] = "portal",
            ["Portal:ClientSecret"] = "secret-of-portal",
            ["Services:Courses"] = "http://127.0.0.1:9/",
            ["Services:Employers"] = "http://127.0.0.1:9/",
            ["Services:Matching"] = matching.Client.BaseAddress!.ToString(),
        });
    }

    public async Task InitializeAsync()
    {
        await matching.StartAsync();
        await portal.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await portal.DisposeAsync();
        await matching.DisposeAsync();
        matchingDb.Dispose();
        vhost.Dispose();
    }

    [Fact]
    public async Task A_visitor_past_the_limit_should_be_asked_to_wait_a_minute_rather_than_told_search_is_broken()
    {
        for (var search = 0; search < 2; search++)
        {
            var found = await SearchAsync();
            Assert.DoesNotContain("Zu viele Suchen", found);
            Assert.DoesNotContain("Die Suche geht gerade nicht", found);
        }

        var refused = await SearchAsync();

        Assert.Contains("Zu viele Suchen in kurzer Zeit. Bitte suchen Sie in einer Minute noch einmal.", refused);
        Assert.DoesNotContain("Die Suche geht gerade nicht", refused);
    }

    [Fact]
    public async Task A_finder_that_cannot_be_reached_should_say_search_is_not_working_right_now()
    {
        matching.Kill();

        var answer = await SearchAsync();

        Assert.Contains("Die Suche geht gerade nicht. Bitte versuchen Sie es später noch einmal.", answer);
    }

    private async Task<string> SearchAsync()
    {
        using var response = await portal.Client.GetAsync("/?place=Meiderich&level=A1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }
}
