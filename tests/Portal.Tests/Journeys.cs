using Matching.Testing;
using Microsoft.Playwright;

namespace Portal.Tests;

/// <summary>Each role doing its job in the browser, end to end across the services and the bus.</summary>
[Collection(PortalCollection.Name)]
public sealed class Journeys(PortalSystem system)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_provider_setting_free_seats_to_zero_should_make_the_finder_and_the_caseworker_stop_offering_the_course()
    {
        const string title = "Integrationskurs Meiderich (letzte Plätze)";
        var courseId = await system.PublishCourseAsync(title, "Meiderich", seatsFree: 3);
        var caseworker = await system.SignedInAsync("caseworker");
        await caseworker.GotoAsync(system.Url("/caseworker?reference=case-seats&level=A1&place=Meiderich&maxDistanceKm=5"));
        var suggested = caseworker.Locator($"li.suggestion[data-course-id='{courseId}']");
        await Assertions.Expect(suggested.First).ToBeVisibleAsync();
        var finder = await system.NewPageAsync(phone: true);
        await finder.GotoAsync(system.Url("/?place=Meiderich&level=A1"));
        await Assertions.Expect(finder.Locator("article.course", new() { HasText = title })).ToBeVisibleAsync();

        var provider = await system.SignedInAsync("provider");
        var course = provider.Locator($"article.course[data-course-id='{courseId}']");
        await course.GetByLabel("Freie Plätze (von 20)").FillAsync("0");
        await course.GetByRole(AriaRole.Button, new() { Name = "Speichern" }).ClickAsync();
        await Assertions.Expect(provider.Locator(".saved")).ToHaveTextAsync($"Gespeichert: {title} hat jetzt 0 freie Plätze.");
        await Pages.AssertAccessibleAsync(provider);
        await Pages.ScreenshotAsync(provider, "provider");

        await Poll.UntilAsync(async () =>
        {
            await finder.ReloadAsync();
            return await finder.Locator("article.course", new() { HasText = title }).CountAsync() == 0;
        }, Deadline, () => "the finder still offers the full course");
        await Poll.UntilAsync(async () =>
        {
            await caseworker.ReloadAsync();
            return await suggested.CountAsync() == 0;
        }, Deadline, () => "the caseworker is still offered the full course");
    }

    [Fact]
    public async Task A_caseworker_accepting_a_course_should_show_the_reservation_to_its_provider()
    {
        const string title = "Integrationskurs Dinslaken (Annahme)";
        var courseId = await system.PublishCourseAsync(title, "Dinslaken", seatsFree: 5, schedule: "afternoon");
        var caseworker = await system.SignedInAsync("caseworker");

        // The person form, filled in as a caseworker does.
        await caseworker.GetByLabel("Pseudonym (kein Name)").FillAsync("case-dinslaken");
        await caseworker.GetByLabel("Wohnort (Ort oder Stadtteil)").FillAsync("Dinslaken");
        await caseworker.GetByLabel("Deutsch-Niveau jetzt").SelectOptionAsync("A1");
        await caseworker.GetByLabel("Nachmittags", new() { Exact = true }).CheckAsync();
        await caseworker.GetByRole(AriaRole.Button, new() { Name = "Vorschläge suchen" }).ClickAsync();
        var suggestion = caseworker.Locator($"li.suggestion[data-kind='course'][data-course-id='{courseId}']");
        await Assertions.Expect(suggestion).ToBeVisibleAsync();
        await Assertions.Expect(suggestion.Locator("meter")).ToHaveCountAsync(5);
        await Assertions.Expect(suggestion.Locator(".reasons li").First).ToBeVisibleAsync();
        await Pages.AssertAccessibleAsync(caseworker);
        await Pages.ScreenshotAsync(caseworker, "caseworker");

        await suggestion.GetByRole(AriaRole.Button, new() { Name = "Annehmen" }).ClickAsync();
        await Assertions.Expect(caseworker.Locator(".saved")).ToContainTextAsync("Vermittlung angefragt");
        var placement = caseworker.Locator("table.placements tbody tr").First;
        await Poll.UntilAsync(async () =>
        {
            await caseworker.ReloadAsync();
            return await placement.Locator(".state").TextContentAsync() == "reserviert";
        }, Deadline, () => "the placement was never reserved");
        var placementId = (await placement.GetAttributeAsync("data-placement-id"))!;

        var provider = await system.SignedInAsync("provider");
        var reservations = provider.Locator($"article.course[data-course-id='{courseId}'] table");
        await Assertions.Expect(reservations).ToContainTextAsync(placementId[..8]);
        await Assertions.Expect(reservations).ToContainTextAsync("gehalten");
    }

    [Fact]
    public async Task A_caseworker_placing_a_person_into_an_opening_should_show_the_placement_to_the_employer()
    {
        const string title = "Lagerhelfer/in Rheinhausen (Portal)";
        var openingId = await system.PostOpeningAsync(title, "Rheinhausen");
        var caseworker = await system.SignedInAsync("caseworker");
        await caseworker.GotoAsync(system.Url("/caseworker?reference=case-rheinhausen&level=B1&place=Rheinhausen&occupations=93"));
        var job = caseworker.Locator($"li.suggestion[data-kind='job'][data-opening-id='{openingId}']");
        await job.GetByRole(AriaRole.Button, new() { Name = "Annehmen" }).ClickAsync();
        // The click posts the form; reloading before its answer has come would cut that navigation short.
        await Assertions.Expect(caseworker.Locator(".saved")).ToContainTextAsync("Vermittlung angefragt");
        var placement = caseworker.Locator("table.placements tbody tr").First;
        await Poll.UntilAsync(async () =>
        {
            await caseworker.ReloadAsync();
            return await placement.Locator(".state").TextContentAsync() == "reserviert";
        }, Deadline, () => "the placement was never reserved");
        await placement.GetByRole(AriaRole.Button, new() { Name = "Bestätigen (hat begonnen)" }).ClickAsync();
        await Assertions.Expect(caseworker.Locator(".saved")).ToHaveTextAsync("Vermittlung bestätigt.");
        await Assertions.Expect(placement.Locator(".state")).ToHaveTextAsync("bestätigt");

        var employer = await system.SignedInAsync("employer");
        var opening = employer.Locator($"article.opening[data-opening-id='{openingId}']");
        await Assertions.Expect(opening).ToContainTextAsync("case-rheinhausen");
        await Assertions.Expect(opening).ToContainTextAsync("bestätigt");
        await Assertions.Expect(opening).ToContainTextAsync("1 von 2 Stellen frei");
        await Pages.AssertAccessibleAsync(employer);
        await Pages.ScreenshotAsync(employer, "employer");
    }

    [Fact]
    public async Task A_coordinator_signing_an_agreement_should_see_it_listed_with_its_quota()
    {
        var coordinator = await system.SignedInAsync("coordinator");
        await coordinator.GetByLabel("Arbeitgeber (Kennung)").First.FillAsync("hafen-umschlag");
        await coordinator.GetByLabel("Berufe (ISCO-08, z. B. 93, 5322)").FillAsync("93 83");
        await coordinator.GetByLabel("Kontingent (Personen)").FillAsync("5");
        await coordinator.GetByLabel("Gültig ab").FillAsync(DateTime.UtcNow.ToString("yyyy-MM-dd"));
        await coordinator.GetByLabel("Gültig bis").FillAsync(DateTime.UtcNow.AddYears(1).ToString("yyyy-MM-dd"));
        await coordinator.GetByLabel("Sprachförderung im Betrieb").FillAsync("Deutsch am Arbeitsplatz, 2 h/Woche");
        await coordinator.GetByLabel("Mindestniveau").SelectOptionAsync("A2");
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Abschließen" }).ClickAsync();

        await Assertions.Expect(coordinator.Locator(".saved")).ToHaveTextAsync("Vereinbarung mit hafen-umschlag abgeschlossen.");
        var row = coordinator.Locator("table.agreements tbody tr").First;
        await Assertions.Expect(row).ToContainTextAsync("0 von 5 genutzt, 5 frei");
        await Assertions.Expect(row).ToContainTextAsync("93, 83");
        await Pages.AssertAccessibleAsync(coordinator);
        await Pages.ScreenshotAsync(coordinator, "coordinator");
    }

    [Fact]
    public async Task A_coordinators_form_with_a_wrong_field_should_name_it_beside_the_field_and_sign_nothing()
    {
        var coordinator = await system.SignedInAsync("coordinator");
        await coordinator.GetByLabel("Arbeitgeber (Kennung)").First.FillAsync("kueche-innenhafen");
        await coordinator.GetByLabel("Kontingent (Personen)").FillAsync("-3");
        await coordinator.GetByLabel("Gültig ab").FillAsync("2027-01-01");
        await coordinator.GetByLabel("Gültig bis").FillAsync("2027-12-31");
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Abschließen" }).ClickAsync();

        await Assertions.Expect(coordinator.Locator("#quota-error")).ToContainTextAsync("Bitte prüfen");
        await Assertions.Expect(coordinator.GetByLabel("Kontingent (Personen)")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(coordinator.Locator("table.agreements")).ToHaveCountAsync(0);
        await Assertions.Expect(coordinator.Locator("section[aria-labelledby=list]")).ToContainTextAsync("Keine Vereinbarungen.");
    }
}
