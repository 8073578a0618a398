using Microsoft.Playwright;

namespace Portal.Tests;

/// <summary>The public course finder at <c>/</c>: no sign-in, courses with free seats near a place, with how to sign up.</summary>
[Collection(PortalCollection.Name)]
public sealed class FindingCourses(PortalSystem system)
{
    [Fact]
    public async Task Searching_a_place_should_list_its_courses_with_free_seats_and_the_providers_contact()
    {
        await system.PublishCourseAsync("Integrationskurs Finder Hochfeld", "Hochfeld",
            contact: new { phone = "0203 111 222", email = "kurse@vhs.example", url = "https://vhs.example/anmeldung" });

        var page = await system.NewPageAsync(phone: true);
        await page.GotoAsync(system.Url("/"));
        await page.GetByLabel("Wo? Ort oder Stadtteil").FillAsync("Hochfeld");
        await page.GetByLabel("Ich brauche Kinderbetreuung").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Kurse suchen" }).ClickAsync();

        var course = page.Locator("article.course", new() { HasText = "Integrationskurs Finder Hochfeld" });
        await Assertions.Expect(course).ToBeVisibleAsync();
        await Assertions.Expect(course.GetByRole(AriaRole.Link, new() { Name = "0203 111 222" })).ToHaveAttributeAsync("href", "tel:0203111222");
        await Assertions.Expect(course.GetByRole(AriaRole.Link, new() { Name = "kurse@vhs.example" })).ToBeVisibleAsync();
        await Assertions.Expect(course.GetByRole(AriaRole.Link, new() { Name = "vhs.example", Exact = true })).ToHaveAttributeAsync("href", "https://vhs.example/anmeldung");
        await Assertions.Expect(course).ToContainTextAsync("Kinderbetreuung");
    }

    [Fact]
    public async Task The_finder_should_escape_whatever_is_typed_into_it()
    {
        const string typed = "<script>window.pwned = 1</script><b id=\"bold\">Hochfeld</b>\" onfocus=\"window.pwned = 2";
        var page = await system.NewPageAsync();
        await page.GotoAsync(system.Url("/"));
        await page.GetByLabel("Wo? Ort oder Stadtteil").FillAsync(typed);
        await page.GetByRole(AriaRole.Button, new() { Name = "Kurse suchen" }).ClickAsync();

        await Assertions.Expect(page.Locator("#place-error")).ToHaveTextAsync("Diesen Ort kennen wir nicht. Bitte prüfen Sie die Schreibweise.");
        await Assertions.Expect(page.GetByLabel("Wo? Ort oder Stadtteil")).ToHaveValueAsync(typed);
        Assert.Equal(0, await page.Locator("#bold").CountAsync());
        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.pwned"));
        var raw = await (await page.APIRequest.GetAsync(page.Url)).TextAsync();
        Assert.DoesNotContain("<script>window.pwned", raw);
        Assert.Contains("&lt;script&gt;window.pwned", raw);
    }

    [Fact]
    public async Task A_search_without_a_place_should_say_so_beside_the_field()
    {
        var page = await system.NewPageAsync();
        await page.GotoAsync(system.Url("/?lang=en"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Search courses" }).ClickAsync();

        var place = page.GetByLabel("Where? Town or district");
        await Assertions.Expect(place).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#place-error")).ToHaveTextAsync("Please enter a place.");
        await Assertions.Expect(place).ToHaveAttributeAsync("aria-describedby", "place-hint place-error");
    }

    [Theory]
    [InlineData("de", "Deutschkurs finden", "Kurse suchen")]
    [InlineData("en", "Find a German course", "Search courses")]
    [InlineData("tr", "Almanca kursu bul", "Kurs ara")]
    [InlineData("ar", "ابحث عن دورة لغة ألمانية", "ابحث عن دورات")]
    [InlineData("uk", "Знайти курс німецької мови", "Шукати курси")]
    [InlineData("bg", "Намерете курс по немски език", "Търсене на курсове")]
    [InlineData("ro", "Găsiți un curs de germană", "Căutați cursuri")]
    public async Task The_finder_should_answer_in_the_language_asked_for_and_remember_it(string language, string title, string search)
    {
        await system.PublishCourseAsync("Sprachkurs Krefeld " + language, "Krefeld", contact: new { phone = "0203 99 88" });
        var page = await system.NewPageAsync(phone: true);
        await page.GotoAsync(system.Url($"/?lang={language}"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(title);

        // Remembered: the next page, asked for without ?lang=, comes in the same language.
        await page.GotoAsync(system.Url("/"));
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("dir", language == "ar" ? "rtl" : "ltr");
        await page.Locator("#place").FillAsync("Krefeld");
        await page.GetByRole(AriaRole.Button, new() { Name = search }).ClickAsync();
        await Assertions.Expect(page.Locator("article.course", new() { HasText = "Sprachkurs Krefeld " + language })).ToBeVisibleAsync();

        await Pages.AssertAccessibleAsync(page);
        // A 360 px wide phone shows the page without scrolling sideways.
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            "The finder scrolls sideways on a 360 px wide phone");
        if (language is "de" or "ar") await Pages.ScreenshotAsync(page, $"finder-{language}");
    }
}
