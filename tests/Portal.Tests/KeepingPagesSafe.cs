using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Portal.Tests;

/// <summary>The portal adds no rights of its own, refuses forged forms, and tells browsers to keep its pages safe.</summary>
[Collection(PortalCollection.Name)]
public sealed class KeepingPagesSafe(PortalSystem system)
{
    [Fact]
    public async Task A_provider_opening_an_employers_page_should_get_the_403_page()
    {
        var page = await system.SignedInAsync("provider");
        var response = await page.GotoAsync(system.Url("/employer"));

        Assert.Equal(403, response!.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Kein Zugriff");
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync(PortalSystem.Employer);
        await Pages.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_should_be_refused_and_change_nothing()
    {
        var course = await system.PublishCourseAsync("Kurs gegen gefälschte Formulare", "Moers", seatsFree: 4);
        var page = await system.SignedInAsync("provider");

        // The person's own session cookie goes along, as it would from a page of another site; only the token is missing.
        var form = page.Context.APIRequest.CreateFormData();
        form.Set("seatsFree", "0");
        var forged = await page.Context.APIRequest.PostAsync(system.Url($"/provider?handler=Seats&id={course}"), new() { Form = form });

        Assert.Equal(400, forged.Status);
        using var courses = await system.MachineAsync(system.Courses, "provider", PortalSystem.Provider);
        var stored = await courses.GetFromJsonAsync<JsonObject>($"/courses/{course}");
        Assert.Equal(4, (int)stored!["seatsFree"]!);
    }

    [Fact]
    public async Task Every_page_should_carry_the_security_headers()
    {
        var anonymous = await system.NewPageAsync();
        var pages = new List<(IPage Page, string Path)>
        {
            (anonymous, "/"), (anonymous, "/?lang=ar&place=Hochfeld"), (anonymous, "/forbidden"), (anonymous, "/error/404"), (anonymous, "/no-such-page"),
        };
        foreach (var role in new[] { "provider", "caseworker", "employer", "coordinator" })
            pages.Add((await system.SignedInAsync(role), "/" + role));

        foreach (var (page, path) in pages)
        {
            var response = await page.GotoAsync(system.Url(path));
            var headers = await response!.AllHeadersAsync();
            var policy = headers.GetValueOrDefault("content-security-policy") ?? "";
            Assert.Contains("frame-ancestors 'none'", policy);
            Assert.Contains("script-src 'self'", policy);
            Assert.DoesNotContain("unsafe-inline", policy);
            Assert.DoesNotContain("unsafe-eval", policy);
            Assert.Equal("nosniff", headers.GetValueOrDefault("x-content-type-options"));
            Assert.Equal("strict-origin-when-cross-origin", headers.GetValueOrDefault("referrer-policy"));
        }

        // The session cookie: out of reach of scripts, not sent along by other sites' posts.
        var cookies = await pages[^1].Page.Context.CookiesAsync();
        var session = Assert.Single(cookies, cookie => cookie.Name == "matching-portal");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, session.SameSite);
    }
}
