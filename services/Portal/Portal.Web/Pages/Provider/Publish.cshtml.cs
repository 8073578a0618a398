using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Web.Apis;
using Portal.Web.Forms;

namespace Portal.Web.Pages.Provider;

/// <summary>A provider publishes a course: every field checked here first, in the page's language, so a wrong one is named
/// beside it and nothing is stored; what the Courses service still refuses is named the same way.</summary>
public sealed class PublishModel(CoursesApi courses, IStringLocalizer<Texts> texts) : PageModel
{
    public static readonly string[] Kinds = ["integration", "literacy", "job-related", "specialised", "other"];

    public string ProviderId => User.FindFirst(Security.SignIn.ProviderClaim)!.Value;

    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Kind { get; set; }
    [BindProperty] public string? LevelFrom { get; set; }
    [BindProperty] public string? LevelTo { get; set; }
    [BindProperty] public string? Place { get; set; }
    [BindProperty] public bool Online { get; set; }
    [BindProperty] public string? StartsOn { get; set; }
    [BindProperty] public string? EndsOn { get; set; }
    [BindProperty] public string? HoursPerWeek { get; set; }
    [BindProperty] public string? Schedule { get; set; }
    [BindProperty] public bool Childcare { get; set; }
    [BindProperty] public string? SeatsTotal { get; set; }
    [BindProperty] public string? SeatsFree { get; set; }
    [BindProperty] public string? Phone { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Website { get; set; }

    public Dictionary<string, string> Errors { get; private set; } = [];

    [TempData] public string? Saved { get; set; }

    public void OnGet()
    {
        Kind ??= "integration";
        LevelFrom ??= "none";
        LevelTo ??= "B1";
        Schedule ??= "morning";
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var form = new FormReading(texts);
        var title = form.Text("title", Title, 200);
        var kind = form.Choice("kind", Kind, Kinds);
        var levelFrom = form.Choice("levelFrom", LevelFrom, FormReading.Levels);
        var levelTo = form.Choice("levelTo", LevelTo, FormReading.Levels);
        var place = form.Text("place", Place, 200, required: !Online);
        var startsOn = form.Date("startsOn", StartsOn);
        var endsOn = form.Date("endsOn", EndsOn);
        var hoursPerWeek = form.Number("hoursPerWeek", HoursPerWeek, 1, 60);
        var schedule = form.Choice("schedule", Schedule, FormReading.Schedules);
        var seatsTotal = form.Number("seatsTotal", SeatsTotal, 1, 1000);
        var seatsFree = form.Number("seatsFree", SeatsFree, 0, 1000);
        var phone = form.Text("phone", Phone, 50, required: false);
        var email = form.Text("email", Email, 200, required: false);
        var website = form.Text("website", Website, 500, required: false);
        if (levelFrom is not null && levelTo is not null && Array.IndexOf(FormReading.Levels, levelTo) <= Array.IndexOf(FormReading.Levels, levelFrom))
            form.Fail("levelTo", texts["LevelToNotAbove"]);
        if (endsOn < startsOn) form.Fail("endsOn", texts["EndsBeforeStart"]);
        if (seatsFree > seatsTotal) form.Fail("seatsFree", texts["SeatsFreeAboveTotal"]);
        if (email is not null && (!email.Contains('@') || email.Any(char.IsWhiteSpace))) form.Fail("email", texts["EmailInvalid"]);
        if (website is not null && !(Uri.TryCreate(website, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
            form.Fail("website", texts["UrlInvalid"]);

        if (!form.Failed)
        {
            var answer = await courses.PublishAsync(new
            {
                providerId = ProviderId, title, kind, levelFrom, levelTo,
                location = place is null ? null : new { place }, online = Online,
                startsOn, endsOn, hoursPerWeek, schedule, childcare = Childcare, seatsTotal, seatsFree,
                contact = (phone ?? email ?? website) is null ? null : new { phone, email, url = website },
            }, cancellationToken);
            if (answer.Succeeded)
            {
                Saved = texts["CoursePublished", answer.Value!.Title];
                return RedirectToPage("Index");
            }

            form.Refused(answer.Problem, name => name switch
            {
                _ when name.StartsWith("location", StringComparison.Ordinal) => "place",
                "contact.url" => "website",
                _ when name.StartsWith("contact.", StringComparison.Ordinal) => name["contact.".Length..],
                _ => name.Split('.', '[')[0],
            });
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
