using Microsoft.Playwright;

namespace Portal.Tests;

/// <summary>A session that ran out signs in again and comes back to the page the person was on.</summary>
[Collection(PortalCollection.Name)]
public sealed class RenewingTheSession(PortalSystem system)
{
    [Fact]
    public async Task An_expired_session_should_go_to_sign_in_and_back_to_the_same_page()
    {
        var caseworker = await system.SignedInAsync("caseworker");
        var path = "/caseworker?reference=case-expired&level=A1&place=Xanten&maxDistanceKm=10";
        await caseworker.GotoAsync(system.Url(path));
        await Assertions.Expect(caseworker.Locator("h2#suggestions")).ToBeVisibleAsync();

        // Both sessions gone (the portal's and the identity service's): the sign-in page is shown, then the same page again.
        await caseworker.Context.ClearCookiesAsync();
        await caseworker.GotoAsync(system.Url(path));
        await caseworker.Locator("#userName").FillAsync("caseworker");
        await caseworker.Locator("#password").FillAsync(PortalSystem.People["caseworker"].Password);
        await caseworker.Locator("button[type=submit]").ClickAsync();
        await caseworker.WaitForURLAsync(system.Url(path));
        await Assertions.Expect(caseworker.Locator("h2#suggestions")).ToBeVisibleAsync();
        await Assertions.Expect(caseworker.GetByLabel("Pseudonym (kein Name)")).ToHaveValueAsync("case-expired");
    }

    [Fact]
    public async Task A_portal_session_that_ran_out_should_come_back_to_the_page_without_typing_while_the_sign_in_lasts()
    {
        var caseworker = await system.SignedInAsync("caseworker");
        await caseworker.Context.ClearCookiesAsync(new BrowserContextClearCookiesOptions { Name = "matching-portal" });
        Assert.DoesNotContain(await caseworker.Context.CookiesAsync(), cookie => cookie.Name == "matching-portal");

        await caseworker.GotoAsync(system.Url("/caseworker/cohort"));
        await caseworker.WaitForURLAsync(system.Url("/caseworker/cohort"));
        await Assertions.Expect(caseworker.Locator("h1")).ToHaveTextAsync("Gruppe verteilen");
        Assert.Contains(await caseworker.Context.CookiesAsync(), cookie => cookie.Name == "matching-portal");
    }
}
