using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Portal.Tests;

/// <summary>Providers publish and withdraw courses, employers post and close openings, on their pages; a wrong field is
/// named beside it in the page's language and nothing is stored.</summary>
[Collection(PortalCollection.Name)]
public sealed class PublishingCoursesAndPostingOpenings(PortalSystem system)
{
    [Fact]
    public async Task A_provider_publishing_a_course_should_see_it_found_and_withdrawing_it_should_take_it_out_of_the_finder()
    {
        const string title = "Integrationskurs Goch (vom Portal)";
        var provider = await system.SignedInAsync("provider");
        await provider.GetByRole(AriaRole.Link, new() { Name = "Kurs veröffentlichen" }).ClickAsync();
        await provider.GetByLabel("Titel des Kurses").FillAsync(title);
        await provider.GetByLabel("Art des Kurses").SelectOptionAsync("integration");
        await provider.GetByLabel("Niveau zu Beginn (ab)").SelectOptionAsync("none");
        await provider.GetByLabel("Niveau am Ende (Ziel)").SelectOptionAsync("B1");
        await provider.GetByLabel("Ort (Ort oder Stadtteil)").FillAsync("Goch");
        await provider.GetByLabel("Beginn", new() { Exact = true }).FillAsync(DateTime.UtcNow.AddDays(40).ToString("yyyy-MM-dd"));
        await provider.GetByLabel("Ende", new() { Exact = true }).FillAsync(DateTime.UtcNow.AddDays(220).ToString("yyyy-MM-dd"));
        await provider.GetByLabel("Stunden pro Woche").FillAsync("20");
        await provider.GetByLabel("Tageszeit").SelectOptionAsync("evening");
        await provider.GetByLabel("Mit Kinderbetreuung").CheckAsync();
        await provider.GetByLabel("Plätze insgesamt").FillAsync("18");
        await provider.GetByLabel("Davon jetzt frei").FillAsync("7");
        await provider.GetByLabel("Telefon").FillAsync("02823 4711");
        await Pages.AssertAccessibleAsync(provider);
        await Pages.ScreenshotAsync(provider, "provider-publish");
        await provider.GetByRole(AriaRole.Button, new() { Name = "Veröffentlichen" }).ClickAsync();

        await Assertions.Expect(provider.Locator(".saved")).ToHaveTextAsync($"Veröffentlicht: {title}");
        var course = provider.Locator("article.course", new() { HasText = title });
        await Assertions.Expect(course.GetByLabel("Freie Plätze (von 18)")).ToHaveValueAsync("7");
        await system.WhenFinderShowsAsync("Goch", title);

        await course.GetByRole(AriaRole.Button, new() { Name = "Kurs zurückziehen" }).ClickAsync();
        await Assertions.Expect(provider.Locator(".saved")).ToHaveTextAsync($"Zurückgezogen: {title}");
        await Assertions.Expect(provider.Locator("article.course", new() { HasText = title })).ToHaveCountAsync(0);
        await system.WhenFinderShowsAsync("Goch", title, shown: false);
    }

    [Theory]
    [InlineData("de", "Bitte ausfüllen.", "Das Ziel-Niveau muss über dem Start-Niveau liegen.", "Das Ende liegt vor dem Beginn.",
        "Es können nicht mehr Plätze frei sein, als es gibt.", "Bitte eine ganze Zahl von 1 bis 60.")]
    [InlineData("en", "Please fill in.", "The target level must be above the starting level.", "The end is before the start.",
        "There cannot be more free places than places.", "Please enter a whole number from 1 to 60.")]
    public async Task A_course_form_with_wrong_fields_should_name_each_beside_it_in_the_pages_language_and_store_nothing(
        string language, string required, string levels, string dates, string seats, string hours)
    {
        using var courses = await system.MachineAsync(system.Courses, "provider", PortalSystem.Provider);
        var before = (await courses.GetFromJsonAsync<JsonArray>($"/courses?providerId={PortalSystem.Provider}&pageSize=100"))!.Count;
        var provider = await system.SignedInAsync("provider");
        await provider.GotoAsync(system.Url($"/provider/publish?lang={language}"));
        await provider.Locator("#levelFrom").SelectOptionAsync("B1");
        await provider.Locator("#levelTo").SelectOptionAsync("A2");
        await provider.Locator("#place").FillAsync("Goch");
        await provider.Locator("#startsOn").FillAsync("2027-03-01");
        await provider.Locator("#endsOn").FillAsync("2027-02-01");
        await provider.Locator("#hoursPerWeek").FillAsync("99");
        await provider.Locator("#seatsTotal").FillAsync("10");
        await provider.Locator("#seatsFree").FillAsync("12");
        await provider.Locator("button[type=submit].primary").ClickAsync();

        foreach (var (field, message) in new[] { ("title", required), ("levelTo", levels), ("endsOn", dates), ("seatsFree", seats), ("hoursPerWeek", hours) })
        {
            await Assertions.Expect(provider.Locator($"#{field}-error")).ToHaveTextAsync(message);
            await Assertions.Expect(provider.Locator($"#{field}")).ToHaveAttributeAsync("aria-invalid", "true");
            await Assertions.Expect(provider.Locator($"#{field}")).ToHaveAttributeAsync("aria-describedby", new System.Text.RegularExpressions.Regex($"{field}-error"));
        }

        // What was typed stays, so only the wrong fields need typing again.
        await Assertions.Expect(provider.Locator("#place")).ToHaveValueAsync("Goch");
        await Pages.AssertAccessibleAsync(provider);
        var after = (await courses.GetFromJsonAsync<JsonArray>($"/courses?providerId={PortalSystem.Provider}&pageSize=100"))!.Count;
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task An_employer_posting_an_opening_should_have_it_suggested_and_closing_it_should_stop_that()
    {
        const string title = "Fachkraft Lagerlogistik Geldern (vom Portal)";
        var employer = await system.SignedInAsync("employer");
        await employer.GetByRole(AriaRole.Link, new() { Name = "Stelle ausschreiben" }).ClickAsync();
        await employer.GetByLabel("Bezeichnung der Stelle").FillAsync(title);
        await employer.GetByLabel("Beruf (ISCO-08-Code)").FillAsync("4321");
        await employer.GetByLabel("Arbeitsort (Ort oder Stadtteil)").FillAsync("Geldern");
        await employer.GetByLabel("Mindestniveau").SelectOptionAsync("A2");
        await employer.GetByLabel("Anzahl Stellen").FillAsync("3");
        await employer.GetByLabel("Beginn").FillAsync(DateTime.UtcNow.AddDays(60).ToString("yyyy-MM-dd"));
        await employer.GetByLabel("Stunden pro Woche").FillAsync("38");
        await employer.GetByLabel("Mit Sprachförderung im Betrieb").CheckAsync();
        await Pages.AssertAccessibleAsync(employer);
        await Pages.ScreenshotAsync(employer, "employer-post");
        await employer.GetByRole(AriaRole.Button, new() { Name = "Ausschreiben" }).ClickAsync();

        await Assertions.Expect(employer.Locator(".saved")).ToHaveTextAsync($"Ausgeschrieben: {title}");
        var opening = employer.Locator("article.opening", new() { HasText = title });
        await Assertions.Expect(opening).ToContainTextAsync("3 von 3 Stellen frei");
        var openingId = Guid.Parse((await opening.GetAttributeAsync("data-opening-id"))!);
        await system.WhenMatchingSuggestsAsync(openingId, "Geldern", "4321");

        await opening.GetByRole(AriaRole.Button, new() { Name = "Stelle schließen" }).ClickAsync();
        await Assertions.Expect(employer.Locator(".saved")).ToHaveTextAsync($"Geschlossen: {title}");
        await Assertions.Expect(employer.Locator($"article.opening[data-opening-id='{openingId}']")).ToHaveCountAsync(0);
        await system.WhenMatchingSuggestsAsync(openingId, "Geldern", "4321", shown: false);
    }

    [Fact]
    public async Task An_opening_form_with_a_wrong_occupation_should_say_so_beside_it_and_post_nothing()
    {
        var employer = await system.SignedInAsync("employer");
        await employer.GotoAsync(system.Url("/employer/post"));
        await employer.Locator("#title").FillAsync("Stelle mit falschem Beruf");
        await employer.Locator("#occupation").FillAsync("Lager");
        await employer.Locator("#place").FillAsync("Atlantis am Meer");
        await employer.Locator("#positions").FillAsync("2");
        await employer.Locator("#startsOn").FillAsync("2027-09-01");
        await employer.Locator("#hoursPerWeek").FillAsync("30");
        await employer.Locator("button[type=submit].primary").ClickAsync();

        await Assertions.Expect(employer.Locator("#occupation-error")).ToContainTextAsync("ist kein Berufscode");
        await Assertions.Expect(employer.Locator("#occupation")).ToHaveAttributeAsync("aria-invalid", "true");
        await Pages.AssertAccessibleAsync(employer);

        // With the occupation right, the Employers service names the unknown place: beside it, in German.
        await employer.Locator("#occupation").FillAsync("9333");
        await employer.Locator("button[type=submit].primary").ClickAsync();
        await Assertions.Expect(employer.Locator("#place-error")).ToHaveTextAsync("Diesen Ort kennen wir nicht. Bitte prüfen Sie die Schreibweise.");
        await Assertions.Expect(employer.Locator("#occupation-error")).ToHaveCountAsync(0);
        await employer.GotoAsync(system.Url("/employer"));
        await Assertions.Expect(employer.Locator("article.opening", new() { HasText = "Stelle mit falschem Beruf" })).ToHaveCountAsync(0);
    }
}
