using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Web.Apis;

namespace Portal.Web.Pages;

/// <summary>
/// The public course finder: where, which level now, childcare, time of day → courses with free seats nearby, with how
/// to sign up. No sign-in; a plain GET form, so a link to an answer can be shared and the page works without script.
/// </summary>
[AllowAnonymous]
public sealed class IndexModel(FinderApi finder, IStringLocalizer<Texts> texts) : PageModel
{
    public static readonly string[] LevelChoices = ["none", "A1", "A2", "B1", "B2", "C1"];
    public static readonly string[] ScheduleChoices = ["morning", "afternoon", "evening", "weekend"];

    [BindProperty(SupportsGet = true)] public string? Place { get; set; }
    [BindProperty(SupportsGet = true)] public string? Level { get; set; }
    [BindProperty(SupportsGet = true)] public bool Childcare { get; set; }
    [BindProperty(SupportsGet = true)] public string? Schedule { get; set; }

    public bool Searched { get; private set; }
    public string? PlaceError { get; private set; }
    /// <summary>Why the search could not be made, in the visitor's language; null when it could.</summary>
    public string? Unavailable { get; private set; }
    public IReadOnlyList<FoundCourse> Courses { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (Place is null && Level is null && Schedule is null) return;
        Searched = true;
        if (string.IsNullOrWhiteSpace(Place))
        {
            PlaceError = texts["PlaceRequired"];
            return;
        }

        var level = LevelChoices.Contains(Level) ? Level : null;
        var schedule = ScheduleChoices.Contains(Schedule) ? Schedule : null;
        Answer<FoundCourse[]> answer;
        try
        {
            answer = await finder.FindAsync(Place.Trim(), level, Childcare, schedule, HttpContext.Connection.RemoteIpAddress, cancellationToken);
        }
        catch (HttpRequestException)
        {
            Unavailable = texts["FinderUnavailable"];
            return;
        }

        if (answer.Succeeded) Courses = answer.Value ?? [];
        else if (answer.Status == 400 && answer.Problem.Names("place")) PlaceError = texts["PlaceUnknown"];
        // Matching limits how often one visitor may search; that is no fault, and waiting a minute is all it takes.
        else Unavailable = answer.Status == 429 ? texts["FinderBusy"] : texts["FinderUnavailable"];
    }
}
