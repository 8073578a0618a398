using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.Tests;

/// <summary>The caseworker's cohort page: a CSV of people in, the allocation out — beside first come, first served, as
/// numbers and a chart, with choices and blocking pairs — and back as CSV; a wrong cell is named by line and column.
/// The person page ranks a person's choices among their suggestions and gives them as a file of one line; several such
/// files are one cohort.</summary>
[Collection(PortalCollection.Name)]
public sealed class AllocatingACohort(PortalSystem system)
{
    [Fact]
    public async Task The_template_should_download_with_every_column()
    {
        var caseworker = await system.SignedInAsync("caseworker");
        await caseworker.GotoAsync(system.Url("/caseworker/cohort"));
        var download = await caseworker.RunAndWaitForDownloadAsync(() =>
            caseworker.GetByRole(AriaRole.Link, new() { Name = "Vorlage herunterladen (CSV)" }).ClickAsync());
        var text = await File.ReadAllTextAsync((await download.PathAsync())!);

        Assert.StartsWith("reference,level,place,maxDistanceKm,availableFrom,schedules,needsChildcare,occupations,", text.TrimStart('\uFEFF'));
        Assert.Contains("choice1,choice2,choice3", text);
        Assert.Contains("case-001,A1,Hochfeld", text);
    }

    [Fact]
    public async Task A_cohort_should_be_allocated_with_priority_and_choices_shown_beside_first_come_first_served_and_downloaded()
    {
        var scarce = await system.PublishCourseAsync("Integrationskurs Kleve (ein Platz)", "Kleve", seatsFree: 1);
        var roomy = await system.PublishCourseAsync("Integrationskurs Kleve (viele Plätze)", "Kleve", seatsFree: 3);
        // Both want the one seat first; the one obliged to attend comes first for it, though the other came first in the file.
        var csv = string.Join("\r\n",
            "reference;level;place;maxDistanceKm;integrationCourse;waitingSince;choice1;choice2",
            $"kleve-entitled;A1;Kleve;5;entitled;2026-06-01;course:{scarce};course:{roomy}",
            $"kleve-obliged;A1;Kleve;5;obliged;01.01.2026;course:{scarce};course:{roomy}",
            $"kleve-third;A1;Kleve;5;;;course:{roomy};");
        var caseworker = await system.SignedInAsync("caseworker");
        await caseworker.GetByRole(AriaRole.Link, new() { Name = "Eine ganze Gruppe verteilen (CSV)" }).ClickAsync();
        await caseworker.GetByLabel("CSV-Datei der Personen").SetInputFilesAsync(new FilePayload
        {
            Name = "kohorte.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv),
        });
        await caseworker.GetByLabel("Streng: kein Verstoß erlaubt").CheckAsync();
        await Assertions.Expect(caseworker.Locator("#working")).ToContainTextAsync("arbeitet der Optimierer bis zum Zeitlimit");
        await Pages.AssertAccessibleAsync(caseworker);

        // While the optimiser works the page says so, and for how long at most: seen on a first submit that this test
        // keeps from leaving the page (a page whose navigation is under way cannot be looked at), then sent for real.
        await caseworker.EvaluateAsync("() => document.querySelector('form[data-working-form]').addEventListener('submit', event => event.preventDefault(), { once: true })");
        await caseworker.GetByRole(AriaRole.Button, new() { Name = "Verteilen" }).ClickAsync();
        await Assertions.Expect(caseworker.Locator("#working")).ToContainTextAsync("Der Optimierer arbeitet … höchstens 10 Sekunden");
        await Assertions.Expect(caseworker.GetByRole(AriaRole.Button, new() { Name = "Verteilen" })).ToBeDisabledAsync();
        await caseworker.EvaluateAsync("() => document.querySelector('form[data-working-form]').requestSubmit()");

        await ExpectOptimisedAsync(caseworker, placed: "3", first: "2", second: "1", blockingPairs: "0");
        await Assertions.Expect(caseworker.Locator("table.figures tr[data-figure=Placed] td.greedy")).ToHaveTextAsync("3");
        await Assertions.Expect(caseworker.Locator("figure.chart svg rect.optimised")).ToHaveCountAsync(5);
        await Assertions.Expect(caseworker.Locator("figure.chart svg rect.greedy")).ToHaveCountAsync(5);
        await Assertions.Expect(caseworker.Locator("tr[data-reference=kleve-obliged]")).ToContainTextAsync("Integrationskurs Kleve (ein Platz)");
        await Assertions.Expect(caseworker.Locator("section.allocation")).ToContainTextAsync("Keine: niemand mit Vorrang ging leer aus");
        await Pages.AssertAccessibleAsync(caseworker);
        await Pages.ScreenshotAsync(caseworker, "cohort");

        var download = await caseworker.RunAndWaitForDownloadAsync(() =>
            caseworker.GetByRole(AriaRole.Button, new() { Name = "Verteilung als CSV herunterladen" }).ClickAsync());
        var lines = (await File.ReadAllLinesAsync((await download.PathAsync())!)).Select(line => line.TrimStart('\uFEFF')).ToList();
        Assert.Equal("reference,kind,choice,courseId,course,providerId,openingId,opening,employerId,agreementId,score", lines[0]);
        Assert.StartsWith($"kleve-obliged,course,1,{scarce},", lines[2]);
        Assert.StartsWith($"kleve-entitled,course,2,{roomy},", lines[1]);
        Assert.StartsWith($"kleve-third,course,1,{roomy},", lines[3]);
    }

    [Fact]
    public async Task A_file_with_wrong_cells_should_name_each_by_line_and_column_and_allocate_nothing()
    {
        var csv = string.Join("\n",
            "reference,level,place,needsChildcare,choice1",
            "ok-1,A1,Hochfeld,ja,",
            "wrong-level,B3,Hochfeld,nein,",
            "wrong-choice,A2,Hochfeld,vielleicht,kurs:abc",
            ",A2,Hochfeld,,");
        var caseworker = await system.SignedInAsync("caseworker");
        await caseworker.GotoAsync(system.Url("/caseworker/cohort"));
        await caseworker.GetByLabel("CSV-Datei der Personen").SetInputFilesAsync(new FilePayload
        {
            Name = "fehler.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv),
        });
        var response = await caseworker.RunAndWaitForResponseAsync(
            () => caseworker.GetByRole(AriaRole.Button, new() { Name = "Verteilen" }).ClickAsync(),
            response => response.Request.Method == "POST");

        Assert.Equal(400, response.Status);
        var errors = caseworker.Locator("#file-errors");
        await Assertions.Expect(errors).ToContainTextAsync("Die Datei hat 4 Fehler; es wurde nichts verteilt.");
        await Assertions.Expect(errors.Locator("li")).ToHaveTextAsync(
        [
            new Regex(Regex.Escape("Zeile 3, Spalte 2 (level): bitte eines von: none, A1")),
            new Regex(Regex.Escape("Zeile 4, Spalte 4 (needsChildcare): bitte ja oder nein (oder leer).")),
            new Regex(Regex.Escape("Zeile 4, Spalte 5 (choice1): bitte course:ID, opening:ID oder beides.")),
            new Regex(Regex.Escape("Zeile 5, Spalte 1 (reference): Bitte ausfüllen.")),
        ]);
        await Assertions.Expect(caseworker.Locator("section.allocation")).ToHaveCountAsync(0);
        await Assertions.Expect(caseworker.GetByLabel("CSV-Datei der Personen")).ToHaveAttributeAsync("aria-invalid", "true");
        await Pages.AssertAccessibleAsync(caseworker);
    }

    [Fact]
    public async Task Choices_ranked_on_the_person_page_should_make_one_line_files_that_are_allocated_together()
    {
        var scarce = await system.PublishCourseAsync("Integrationskurs Wesel (ein Platz)", "Wesel", seatsFree: 1);
        var roomy = await system.PublishCourseAsync("Integrationskurs Wesel (zwei Plätze)", "Wesel", seatsFree: 2);
        var caseworker = await system.SignedInAsync("caseworker");

        // Both want the one seat first; the one who waits longer comes first for it.
        var longer = await OnePersonFileAsync(caseworker, "wesel-longer", "2026-01-15", scarce, roomy);
        var shorter = await OnePersonFileAsync(caseworker, "wesel-shorter", "2026-09-01", scarce, roomy);
        Assert.Equal(string.Join(",", CohortColumns), longer.Lines[0]);
        Assert.StartsWith("wesel-longer,A1,Wesel,", longer.Lines[1]);
        Assert.EndsWith($",2026-01-15,course:{scarce},course:{roomy},,,", longer.Lines[1]);
        Assert.Equal(2, shorter.Lines.Length);

        // The same suggestion twice is not a ranking: the page says so beside the 2nd choice, and gives no file.
        var response = await caseworker.RunAndWaitForResponseAsync(async () =>
        {
            await caseworker.GetByLabel("1. Wahl").SelectOptionAsync($"course:{roomy}");
            await caseworker.GetByLabel("2. Wahl").SelectOptionAsync($"course:{roomy}");
            await caseworker.GetByRole(AriaRole.Button, new() { Name = "Zeile für die Gruppe herunterladen (CSV)" }).ClickAsync();
        }, response => response.Url.Contains("handler=CohortLine"));
        Assert.Equal(400, response.Status);
        await Assertions.Expect(caseworker.Locator("#choice2-error")).ToHaveTextAsync("Diese Wahl steht schon weiter oben.");
        await Assertions.Expect(caseworker.GetByLabel("2. Wahl")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(caseworker.Locator($"li.suggestion[data-course-id='{scarce}']")).ToBeVisibleAsync();
        await Pages.AssertAccessibleAsync(caseworker);

        await caseworker.GotoAsync(system.Url("/caseworker/cohort"));
        await caseworker.GetByLabel("CSV-Datei der Personen").SetInputFilesAsync([longer.File("wesel-longer.csv"), shorter.File("wesel-shorter.csv")]);
        await caseworker.GetByLabel("Streng: kein Verstoß erlaubt").CheckAsync();
        await caseworker.GetByRole(AriaRole.Button, new() { Name = "Verteilen" }).ClickAsync();
        await ExpectOptimisedAsync(caseworker, placed: "2", first: "1", second: "1", blockingPairs: "0");
        await Assertions.Expect(caseworker.Locator("tr[data-reference=wesel-longer]")).ToContainTextAsync("Integrationskurs Wesel (ein Platz)");
        await Assertions.Expect(caseworker.Locator("tr[data-reference=wesel-shorter]")).ToContainTextAsync("Integrationskurs Wesel (zwei Plätze)");

        // One person in two files: named by the second file's line, with where the person stood first; nothing is allocated.
        await caseworker.GetByLabel("CSV-Datei der Personen").SetInputFilesAsync([longer.File("wesel-longer.csv"), longer.File("kopie.csv")]);
        var refused = await caseworker.RunAndWaitForResponseAsync(
            () => caseworker.GetByRole(AriaRole.Button, new() { Name = "Verteilen" }).ClickAsync(),
            response => response.Request.Method == "POST");
        Assert.Equal(400, refused.Status);
        await Assertions.Expect(caseworker.Locator("#file-errors li")).ToHaveTextAsync(
            ["kopie.csv: Zeile 2, Spalte 1 (reference): dieses Pseudonym steht schon in wesel-longer.csv, Zeile 2."]);
        await Assertions.Expect(caseworker.Locator("section.allocation")).ToHaveCountAsync(0);
        await Pages.AssertAccessibleAsync(caseworker);
    }

    [Fact]
    public async Task A_cohort_line_asked_for_with_a_choice_that_is_none_and_a_wrong_date_should_name_both_fields_and_give_no_file()
    {
        var caseworker = await system.SignedInAsync("caseworker");
        var response = await caseworker.GotoAsync(system.Url(
            "/caseworker?handler=CohortLine&reference=case-made-up&level=A1&place=Hochfeld&choice1=course:kein-kurs&waitingSince=gestern"));

        Assert.Equal(400, response!.Status);
        Assert.DoesNotContain("attachment", response.Headers.GetValueOrDefault("content-disposition") ?? "");
        await Assertions.Expect(caseworker.Locator("#choice1-error")).ToHaveTextAsync("Bitte aus der Liste wählen.");
        await Assertions.Expect(caseworker.Locator("#waitingSince-error")).ToHaveTextAsync("Bitte ein Datum eingeben (z. B. 2027-01-31).");
        await Assertions.Expect(caseworker.Locator("h2#suggestions")).ToBeVisibleAsync();
        await Pages.AssertAccessibleAsync(caseworker);
    }

    [Fact]
    public async Task More_files_at_once_than_the_page_takes_should_be_refused_beside_the_field()
    {
        var caseworker = await system.SignedInAsync("caseworker");
        await caseworker.GotoAsync(system.Url("/caseworker/cohort"));
        var files = Enumerable.Range(0, 501).Select(i => new FilePayload
        {
            Name = $"person-{i}.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes($"reference,level,place\r\ncase-{i},A1,Hochfeld\r\n"),
        });
        await caseworker.GetByLabel("CSV-Datei der Personen").SetInputFilesAsync(files);
        var response = await caseworker.RunAndWaitForResponseAsync(
            () => caseworker.GetByRole(AriaRole.Button, new() { Name = "Verteilen" }).ClickAsync(),
            response => response.Request.Method == "POST");

        Assert.Equal(400, response.Status);
        await Assertions.Expect(caseworker.Locator("#upload-error")).ToHaveTextAsync("Bitte höchstens 500 Dateien auf einmal.");
        await Assertions.Expect(caseworker.Locator("section.allocation")).ToHaveCountAsync(0);
    }

    /// <summary>The optimiser's column of the allocation's figures: people placed, 1st and 2nd choices, blocking pairs.</summary>
    private static async Task ExpectOptimisedAsync(IPage page, string placed, string first, string second, string blockingPairs)
    {
        var figures = page.Locator("table.figures");
        await Assertions.Expect(figures.Locator("tr[data-figure=Placed] td.optimised")).ToHaveTextAsync(placed);
        await Assertions.Expect(figures.Locator("tr[data-figure=Choice1] td.optimised")).ToHaveTextAsync(first);
        await Assertions.Expect(figures.Locator("tr[data-figure=Choice2] td.optimised")).ToHaveTextAsync(second);
        await Assertions.Expect(figures.Locator("tr[data-figure=BlockingPairs] td.optimised")).ToHaveTextAsync(blockingPairs);
    }

    private static readonly string[] CohortColumns =
    [
        "reference", "level", "place", "maxDistanceKm", "availableFrom", "schedules", "needsChildcare", "occupations",
        "integrationCourse", "registeredForWork", "employed", "failedB1Test", "preferredOccupations", "first", "preferredSchedules",
        "waitingSince", "choice1", "choice2", "choice3", "choice4", "choice5",
    ];

    /// <summary>A downloaded one-person cohort file: its lines, and its bytes to upload again under a name.</summary>
    private sealed record OnePersonFile(byte[] Bytes, string[] Lines)
    {
        public FilePayload File(string name) => new() { Name = name, MimeType = "text/csv", Buffer = Bytes };
    }

    /// <summary>Asks the person page for the person's suggestions, ranks two of them, and downloads the person's line.</summary>
    private async Task<OnePersonFile> OnePersonFileAsync(IPage caseworker, string reference, string waitingSince, Guid first, Guid second)
    {
        await caseworker.GotoAsync(system.Url("/caseworker"));
        await caseworker.GetByLabel("Pseudonym (kein Name)").FillAsync(reference);
        await caseworker.GetByLabel("Wohnort (Ort oder Stadtteil)").FillAsync("Wesel");
        await caseworker.GetByLabel("Deutsch-Niveau jetzt").SelectOptionAsync("A1");
        await caseworker.GetByRole(AriaRole.Button, new() { Name = "Vorschläge suchen" }).ClickAsync();
        await Assertions.Expect(caseworker.Locator($"li.suggestion[data-course-id='{second}']")).ToBeVisibleAsync();
        await caseworker.GetByLabel("1. Wahl").SelectOptionAsync($"course:{first}");
        await caseworker.GetByLabel("2. Wahl").SelectOptionAsync($"course:{second}");
        await caseworker.GetByLabel("Wartet auf einen Kurs seit").FillAsync(waitingSince);
        await Pages.AssertAccessibleAsync(caseworker);
        var download = await caseworker.RunAndWaitForDownloadAsync(() =>
            caseworker.GetByRole(AriaRole.Button, new() { Name = "Zeile für die Gruppe herunterladen (CSV)" }).ClickAsync());
        Assert.Equal($"cohort-{reference}.csv", download.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
        var lines = System.Text.Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        return new OnePersonFile(bytes, lines);
    }
}
