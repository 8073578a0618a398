using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Web.Apis;
using Portal.Web.Forms;

namespace Portal.Web.Pages.Employer;

/// <summary>An employer posts an opening: every field checked here first, in the page's language, so a wrong one is named
/// beside it and nothing is stored; what the Employers service still refuses is named the same way.</summary>
public sealed class PostModel(EmployersApi employers, IStringLocalizer<Texts> texts) : PageModel
{
    public string EmployerId => User.FindFirst(Security.SignIn.EmployerClaim)!.Value;

    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Occupation { get; set; }
    [BindProperty] public string? Place { get; set; }
    [BindProperty] public string? MinLevel { get; set; }
    [BindProperty] public string? Positions { get; set; }
    [BindProperty] public string? StartsOn { get; set; }
    [BindProperty] public string? HoursPerWeek { get; set; }
    [BindProperty] public bool LanguageSupport { get; set; }

    public Dictionary<string, string> Errors { get; private set; } = [];

    [TempData] public string? Saved { get; set; }

    public void OnGet() => MinLevel ??= "A2";

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var form = new FormReading(texts);
        var title = form.Text("title", Title, 200);
        var occupation = form.Occupations("occupation", Occupation, 1) is [var code] ? code : null;
        if (occupation is null) form.Fail("occupation", texts["Required"]);
        var place = form.Text("place", Place, 200);
        var minLevel = form.Choice("minLevel", MinLevel, FormReading.Levels);
        var positions = form.Number("positions", Positions, 1, 1000);
        var startsOn = form.Date("startsOn", StartsOn);
        var hoursPerWeek = form.Number("hoursPerWeek", HoursPerWeek, 1, 60);

        if (!form.Failed)
        {
            var answer = await employers.PostOpeningAsync(new
            {
                employerId = EmployerId, title, occupation, location = new { place }, minLevel, positions, startsOn, hoursPerWeek,
                languageSupport = LanguageSupport,
            }, cancellationToken);
            if (answer.Succeeded)
            {
                Saved = texts["OpeningPosted", answer.Value!.Title];
                return RedirectToPage("Index");
            }

            form.Refused(answer.Problem, name => name.StartsWith("location", StringComparison.Ordinal) ? "place" : name.Split('.', '[')[0]);
        }

        Errors = form.Errors;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public Field Typed(string name, string label, string? value, string type = "text", string? hint = null) =>
        new(name, texts[label].Value, value, Errors.GetValueOrDefault(name), type, hint is null ? null : texts[hint].Value);

    public Field Chosen(string name, string label, string? value, IEnumerable<(string, string)> choices) =>
        new(name, texts[label].Value, value, Errors.GetValueOrDefault(name), Choices: choices.ToList());
}
