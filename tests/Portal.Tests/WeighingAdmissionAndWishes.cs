using Microsoft.Playwright;

namespace Portal.Tests;

/// <summary>The caseworker's person form carries what is known of the person's admission to courses and what the person
/// wants; "why not?" names the rule that excludes a course, or its rank and what outranks it.</summary>
[Collection(PortalCollection.Name)]
public sealed class WeighingAdmissionAndWishes(PortalSystem system)
{
    [Fact]
    public async Task Admission_should_take_a_course_out_and_why_not_should_name_the_rule_and_wishes_should_show_in_the_reasons()
    {
        const string title = "Berufssprachkurs B2 Bocholt (abends)";
        var courseId = await system.PublishCourseAsync(title, "Bocholt", seatsFree: 4, levelFrom: "B1", levelTo: "B2", schedule: "evening", kind: "job-related");
        var caseworker = await system.SignedInAsync("caseworker");
        await caseworker.GetByLabel("Pseudonym (kein Name)").FillAsync("case-bocholt");
        await caseworker.GetByLabel("Wohnort (Ort oder Stadtteil)").FillAsync("Bocholt");
        await caseworker.GetByLabel("Deutsch-Niveau jetzt").SelectOptionAsync("B1");
        await caseworker.GetByRole(AriaRole.Button, new() { Name = "Vorschläge suchen" }).ClickAsync();

        // Not checked: suggested, and the reasons say what to check.
        var suggestion = caseworker.Locator($"li.suggestion[data-course-id='{courseId}']");
        await Assertions.Expect(suggestion.Locator(".reasons")).ToContainTextAsync("To check:");

        // Neither registered for work nor employed: a job-related course does not admit the person.
        await caseworker.GetByLabel("Beim Jobcenter oder der Arbeitsagentur gemeldet").SelectOptionAsync("no");
        await caseworker.GetByLabel("Beschäftigt", new() { Exact = true }).SelectOptionAsync("no");
        await caseworker.GetByRole(AriaRole.Button, new() { Name = "Vorschläge suchen" }).ClickAsync();
        await Assertions.Expect(caseworker.Locator("h2#suggestions")).ToBeVisibleAsync();
        await Assertions.Expect(suggestion).ToHaveCountAsync(0);

        await caseworker.GetByLabel("Kennung eines Kurses oder einer Stelle").FillAsync(courseId.ToString());
        await caseworker.GetByRole(AriaRole.Button, new() { Name = "Warum fehlt es?" }).ClickAsync();
        var answer = caseworker.Locator("#why-not-answer");
        await Assertions.Expect(answer.Locator("li[data-rule='admission']")).ToContainTextAsync("Zulassung");
        await Assertions.Expect(caseworker.GetByLabel("Beschäftigt", new() { Exact = true })).ToHaveValueAsync("no");
        await Pages.AssertAccessibleAsync(caseworker);
        await Pages.ScreenshotAsync(caseworker, "caseworker-why-not");

        // Registered with the job centre, and evenings preferred: suggested again, with the wish in its reasons and its own score bar.
        await caseworker.GetByLabel("Beim Jobcenter oder der Arbeitsagentur gemeldet").SelectOptionAsync("yes");
        await caseworker.GetByLabel("lieber abends").CheckAsync();
        await caseworker.GetByLabel("erst Deutsch lernen").CheckAsync();
        await caseworker.GetByRole(AriaRole.Button, new() { Name = "Vorschläge suchen" }).ClickAsync();
        await Assertions.Expect(suggestion.Locator(".reasons")).ToContainTextAsync("Preferred: evening");
        await Assertions.Expect(suggestion.Locator(".reasons")).ToContainTextAsync("Preferred: a course first");
        await Assertions.Expect(suggestion.Locator("meter")).ToHaveCountAsync(6);
        await Assertions.Expect(suggestion.Locator("dt", new() { HasText = "Wünsche" })).ToBeVisibleAsync();
        await Pages.AssertAccessibleAsync(caseworker);

        // Now nothing excludes it: "why not?" gives its rank.
        await caseworker.GetByLabel("Kennung eines Kurses oder einer Stelle").FillAsync(courseId.ToString());
        await caseworker.GetByRole(AriaRole.Button, new() { Name = "Warum fehlt es?" }).ClickAsync();
        await Assertions.Expect(answer.Locator("h3")).ToContainTextAsync("Keine Regel schließt es aus: Rang");
    }

    [Fact]
    public async Task Asking_why_not_about_an_unknown_id_should_say_so_beside_the_field()
    {
        var caseworker = await system.SignedInAsync("caseworker");
        await caseworker.GotoAsync(system.Url($"/caseworker?reference=case-unknown&level=A1&place=Hochfeld&whyNot={Guid.NewGuid()}"));
        await Assertions.Expect(caseworker.Locator("#whyNot-error")).ToHaveTextAsync("Weder ein Kurs noch eine Stelle hat diese Kennung.");
        await caseworker.GotoAsync(system.Url("/caseworker?reference=case-unknown&level=A1&place=Hochfeld&whyNot=kein-kurs&lang=en"));
        await Assertions.Expect(caseworker.Locator("#whyNot-error")).ToContainTextAsync("Please paste the id of a course or an opening");
        await Assertions.Expect(caseworker.Locator("#whyNot")).ToHaveAttributeAsync("aria-invalid", "true");
    }
}
