using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Web.Apis;

namespace Portal.Web.Pages.Caseworker;

/// <summary>
/// A caseworker asks for one person: the person form (a GET: asking changes nothing) → suggestions, best first, with
/// their score parts and reasons; "accept" requests the placement; the person's placements, to confirm or cancel.
/// </summary>
public sealed class IndexModel(MatchingApi matching, IStringLocalizer<Texts> texts) : PageModel
{
    public static readonly string[] LevelChoices = ["none", "A1", "A2", "B1", "B2", "C1", "C2"];
    public static readonly string[] ScheduleChoices = ["morning", "afternoon", "evening", "weekend"];
    public static readonly string[] ScoreParts = ["distance", "time", "level", "agreement", "scarcity"];

    [BindProperty(SupportsGet = true)] public string? Reference { get; set; }
    [BindProperty(SupportsGet = true)] public string? Level { get; set; }
    [BindProperty(SupportsGet = true)] public string? Place { get; set; }
    [BindProperty(SupportsGet = true)] public double? MaxDistanceKm { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? AvailableFrom { get; set; }
    [BindProperty(SupportsGet = true)] public string[] Schedules { get; set; } = [];
    [BindProperty(SupportsGet = true)] public bool NeedsChildcare { get; set; }
    [BindProperty(SupportsGet = true)] public string? Occupations { get; set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    public IReadOnlyList<Suggestion>? Suggestions { get; private set; }
    public IReadOnlyList<Placement> Placements { get; private set; } = [];
    [TempData] public string? Saved { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (Reference is null) return;
        if (string.IsNullOrWhiteSpace(Reference)) Errors["reference"] = texts["Required"];
        if (string.IsNullOrWhiteSpace(Place)) Errors["location"] = texts["Required"];
        if (!LevelChoices.Contains(Level)) Errors["level"] = texts["Required"];
        if (Errors.Count > 0) return;

        var answer = await matching.MatchAsync(new
        {
            reference = Reference!.Trim(),
            level = Level,
            location = new { place = Place!.Trim() },
            maxDistanceKm = MaxDistanceKm,
            availableFrom = AvailableFrom,
            schedules = Schedules.Where(ScheduleChoices.Contains).ToArray(),
            needsChildcare = NeedsChildcare,
            occupations = (Occupations ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries),
            limit = 10,
        }, cancellationToken);
        if (answer.Succeeded) Suggestions = answer.Value!.Suggestions;
        else FieldErrors(answer.Problem);
        await LoadPlacementsAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAcceptAsync(Guid? courseId, Guid? openingId, Guid? agreementId, CancellationToken cancellationToken)
    {
        var answer = await matching.RequestPlacementAsync(Reference?.Trim() ?? "", courseId, openingId, agreementId, cancellationToken);
        Saved = answer.Succeeded ? texts["PlacementRequested"] : texts["PlacementRefused", answer.Problem.Title ?? ""];
        return Redirect(Request.Path + WithoutHandler());
    }

    public async Task<IActionResult> OnPostConfirmAsync(Guid id, CancellationToken cancellationToken)
    {
        var answer = await matching.ConfirmAsync(id, cancellationToken);
        Saved = answer.Succeeded ? texts["PlacementConfirmed"] : texts["PlacementRefused", answer.Problem.Title ?? ""];
        return Redirect(Request.Path + WithoutHandler());
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid id, CancellationToken cancellationToken)
    {
        var answer = await matching.CancelAsync(id, cancellationToken);
        Saved = answer.Succeeded ? texts["PlacementCancelled"] : texts["PlacementRefused", answer.Problem.Title ?? ""];
        return Redirect(Request.Path + WithoutHandler());
    }

    /// <summary>Where a form on this page posts: the same person's query, so the page comes back as it was.</summary>
    public string ActionFor(string handler) => Request.Path + QueryString.Create(
        Request.Query.Where(pair => pair.Key != "handler").SelectMany(pair => pair.Value.Select(value => new KeyValuePair<string, string?>(pair.Key, value)))
            .Append(new KeyValuePair<string, string?>("handler", handler)));

    private QueryString WithoutHandler() => QueryString.Create(
        Request.Query.Where(pair => pair.Key != "handler").SelectMany(pair => pair.Value.Select(value => new KeyValuePair<string, string?>(pair.Key, value))));

    private async Task LoadPlacementsAsync(CancellationToken cancellationToken)
    {
        var answer = await matching.PlacementsOfAsync(Reference!.Trim(), cancellationToken);
        Placements = answer.Value ?? [];
    }

    private void FieldErrors(Problem problem)
    {
        foreach (var (field, messages) in problem.Errors ?? [])
        {
            var key = field.Split('.', '[')[0];
            Errors[key] = key == "location" ? texts["PlaceUnknown"] : texts["Invalid", string.Join(" ", messages)];
        }

        if (Errors.Count == 0) Errors["form"] = texts["ErrorText"];
    }
}
