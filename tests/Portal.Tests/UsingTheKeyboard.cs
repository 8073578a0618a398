using Microsoft.Playwright;

namespace Portal.Tests;

/// <summary>Everything can be done without a mouse: signing in, finding a course, publishing free seats.</summary>
[Collection(PortalCollection.Name)]
public sealed class UsingTheKeyboard(PortalSystem system)
{
    [Fact]
    public async Task A_provider_should_sign_in_and_publish_free_seats_and_anyone_find_a_course_with_the_keyboard_alone()
    {
        const string title = "Integrationskurs Wesel (Tastatur)";
        var courseId = await system.PublishCourseAsync(title, "Wesel", seatsFree: 2);
        var page = await system.NewPageAsync();
        await page.GotoAsync(system.Url("/"));

        // The finder: the place field is reached with Tab, the search sent with Enter.
        await TabToAsync(page, "#place");
        await page.Keyboard.TypeAsync("Wesel");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("article.course", new() { HasText = title })).ToBeVisibleAsync();

        // Signing in: the link is followed with Enter; the identity page's form is filled and sent from the keyboard.
        await TabToAsync(page, "a[href^='/signin']");
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("#userName").WaitForAsync();
        await TabToAsync(page, "#userName");
        await page.Keyboard.TypeAsync("provider");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(PortalSystem.People["provider"].Password);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => url.StartsWith(system.Url("/provider"), StringComparison.Ordinal));

        // Free seats: + is reached with Tab and pressed with Enter; then a number typed and sent with Enter.
        var course = page.Locator($"article.course[data-course-id='{courseId}']");
        await TabToAsync(page, $"article.course[data-course-id='{courseId}'] button[aria-label='Ein freier Platz mehr']");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".saved")).ToHaveTextAsync($"Gespeichert: {title} hat jetzt 3 freie Plätze.");
        await TabToAsync(page, $"#seats-{courseId:N}");
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("7");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".saved")).ToHaveTextAsync($"Gespeichert: {title} hat jetzt 7 freie Plätze.");
        await Assertions.Expect(course.GetByLabel("Freie Plätze (von 20)")).ToHaveValueAsync("7");
    }

    /// <summary>Presses Tab until the element matching <paramref name="selector"/> has the focus (at most 200 times).</summary>
    private static async Task TabToAsync(IPage page, string selector)
    {
        for (var presses = 0; presses < 200; presses++)
        {
            if (await page.Locator(selector).First.EvaluateAsync<bool>("element => element === document.activeElement")) return;
            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Fail($"Tab never reached {selector} on {page.Url}");
    }
}
