using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Web.Apis;
using Portal.Web.Cohorts;
using Portal.Web.Forms;

namespace Portal.Web.Pages.Caseworker;

/// <summary>
/// A caseworker asks for one person: the person form (a GET: asking changes nothing) → suggestions, best first, with
/// their score parts and reasons; "accept" requests the placement; the person's placements, to confirm or cancel.
/// Beside what fits, the form carries what the caseworker knows of the person's admission to courses (unknown: "not
/// checked") and what the person wants (preferences); "why not?" asks about one course or opening for the same person.
/// For a cohort, the person ranks up to three suggestions as their 1st, 2nd and 3rd choice, and the page gives them as a
/// cohort file of one line: the cohort page takes several such files as one cohort.
/// </summary>
public sealed class IndexModel(MatchingApi matching, IStringLocalizer<Texts> texts) : PageModel
{
    public static readonly string[] LevelChoices = ["none", "A1", "A2", "B1", "B2", "C1", "C2"];
    public static readonly string[] ScheduleChoices = ["morning", "afternoon", "evening", "weekend"];
    public static readonly string[] ScoreParts = ["distance", "time", "level", "agreement", "scarcity"];
    public static readonly string[] IntegrationCourseChoices = ["entitled", "obliged", "admitted", "none"];
    public static readonly string[] YesNo = ["yes", "no"];
    public static readonly string[] FirstChoices = ["job", "course"];
    public static readonly string[] ChoiceFields = ["choice1", "choice2", "choice3"];

    [BindProperty(SupportsGet = true)] public string? Reference { get; set; }
    [BindProperty(SupportsGet = true)] public string? Level { get; set; }
    [BindProperty(SupportsGet = true)] public string? Place { get; set; }
    [BindProperty(SupportsGet = true)] public double? MaxDistanceKm { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? AvailableFrom { get; set; }
    [BindProperty(SupportsGet = true)] public string[] Schedules { get; set; } = [];
    [BindProperty(SupportsGet = true)] public bool NeedsChildcare { get; set; }
    [BindProperty(SupportsGet = true)] public string? Occupations { get; set; }
    [BindProperty(SupportsGet = true)] public string? IntegrationCourse { get; set; }
    [BindProperty(SupportsGet = true)] public string? RegisteredForWork { get; set; }
    [BindProperty(SupportsGet = true)] public string? Employed { get; set; }
    [BindProperty(SupportsGet = true)] public string? FailedB1Test { get; set; }
    [BindProperty(SupportsGet = true)] public string? PreferredOccupations { get; set; }
    [BindProperty(SupportsGet = true)] public string? First { get; set; }
    [BindProperty(SupportsGet = true)] public string[] PreferredSchedules { get; set; } = [];

    /// <summary>The person's 1st, 2nd and 3rd choice among the suggestions, as the cohort file writes a choice.</summary>
    [BindProperty(SupportsGet = true)] public string? Choice1 { get; set; }
    [BindProperty(SupportsGet = true)] public string? Choice2 { get; set; }
    [BindProperty(SupportsGet = true)] public string? Choice3 { get; set; }

    /// <summary>Since when the person waits for a course (yyyy-MM-dd): who waits longest comes first for seats.</summary>
    [BindProperty(SupportsGet = true)] public string? WaitingSince { get; set; }

    /// <summary>The id of a course or an opening the caseworker misses among the suggestions.</summary>
    [BindProperty(SupportsGet = true)] public string? WhyNot { get; set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    public IReadOnlyList<Suggestion>? Suggestions { get; private set; }
    public IReadOnlyList<Placement> Placements { get; private set; } = [];
    public WhyNot? WhyNotAnswer { get; private set; }
    [TempData] public string? Saved { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (Reference is null) return;
        if (Person() is { } person) await ShowAsync(person, cancellationToken);
    }

    /// <summary>This person as a cohort file of one line, with their ranked choices and since when they wait; a wrong
    /// field brings the page back (400) with the error beside it.</summary>
    public async Task<IActionResult> OnGetCohortLineAsync(CancellationToken cancellationToken)
    {
        var person = Person();
        var choices = RankedChoices();
        var form = new FormReading(texts);
        var waitingSince = form.Date("waitingSince", WaitingSince, required: false);
        foreach (var (field, message) in form.Errors) Errors[field] = message;
        if (person is not null && Errors.Count == 0 && choices is not null)
        {
            var file = CohortFile.OnePerson(Cells(choices, waitingSince));
            var name = "cohort-" + new string(Reference!.Trim().Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray()) + ".csv";
            return File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(file)).ToArray(), "text/csv; charset=utf-8", name);
        }

        if (person is not null) await ShowAsync(person, cancellationToken);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task ShowAsync(object person, CancellationToken cancellationToken)
    {
        var answer = await matching.MatchAsync(person, cancellationToken);
        if (answer.Succeeded) Suggestions = answer.Value!.Suggestions;
        else FieldErrors(answer.Problem);
        if (answer.Succeeded && WhyNot is not null) await ExplainAsync(person, cancellationToken);
        await LoadPlacementsAsync(cancellationToken);
    }

    /// <summary>The choice a suggestion is when the person ranks it: its course and/or its opening.</summary>
    public static CohortFile.Choice ChoiceOf(Suggestion suggestion) => new(suggestion.Course?.Id, suggestion.Opening?.Id);

    /// <summary>The 1st, 2nd and 3rd choice, first choice first (a rank left empty is skipped); null, with the field's
    /// error, when one is not a choice or repeats an earlier one.</summary>
    private List<CohortFile.Choice>? RankedChoices()
    {
        var choices = new List<CohortFile.Choice>();
        var failed = false;
        foreach (var (field, value) in ChoiceFields.Zip([Choice1, Choice2, Choice3]))
        {
            if (string.IsNullOrWhiteSpace(value)) continue;
            var choice = CohortFile.Choice.Parse(value);
            if (choice is null) Errors[field] = texts["ChooseFromList"];
            else if (choices.Contains(choice)) Errors[field] = texts["ChoiceTwice"];
            else
            {
                choices.Add(choice);
                continue;
            }

            failed = true;
        }

        return failed ? null : choices;
    }

    /// <summary>The person's cells in the cohort file, by column: what the form holds, as the file writes it.</summary>
    private Dictionary<string, string?> Cells(List<CohortFile.Choice> choices, DateOnly? waitingSince)
    {
        static string? Words(IEnumerable<string> values) => string.Join(' ', values) is { Length: > 0 } words ? words : null;
        static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var cells = new Dictionary<string, string?>
        {
            ["reference"] = Reference!.Trim(),
            ["level"] = Level,
            ["place"] = Place!.Trim(),
            ["maxDistanceKm"] = MaxDistanceKm?.ToString(CultureInfo.InvariantCulture),
            ["availableFrom"] = Date(AvailableFrom),
            ["schedules"] = Words(Schedules.Where(ScheduleChoices.Contains).Distinct()),
            ["needsChildcare"] = NeedsChildcare ? "yes" : "no",
            ["occupations"] = Words(FormReading.Split(Occupations)),
            ["integrationCourse"] = string.IsNullOrEmpty(IntegrationCourse) ? null : IntegrationCourse,
            // The form's answers are the file's own words: "yes", "no", or nothing (not checked).
            ["registeredForWork"] = YesOrNo(RegisteredForWork) is null ? null : RegisteredForWork,
            ["employed"] = YesOrNo(Employed) is null ? null : Employed,
            ["failedB1Test"] = YesOrNo(FailedB1Test) is null ? null : FailedB1Test,
            ["preferredOccupations"] = Words(FormReading.Split(PreferredOccupations)),
            ["first"] = string.IsNullOrEmpty(First) ? null : First,
            ["preferredSchedules"] = Words(PreferredSchedules.Where(ScheduleChoices.Contains).Distinct()),
            ["waitingSince"] = Date(waitingSince),
        };
        for (var rank = 0; rank < choices.Count; rank++) cells["choice" + (rank + 1)] = choices[rank].ToString();
        return cells;
    }

    /// <summary>The person as <c>POST /matches</c> takes it, or null with the fields' errors (in the page's language).</summary>
    private object? Person()
    {
        var form = new FormReading(texts);
        if (string.IsNullOrWhiteSpace(Reference)) form.Fail("reference", texts["Required"]);
        if (string.IsNullOrWhiteSpace(Place)) form.Fail("location", texts["Required"]);
        if (!LevelChoices.Contains(Level)) form.Fail("level", texts["Required"]);
        var occupations = form.Occupations("occupations", Occupations, 50);
        var preferred = form.Occupations("preferredOccupations", PreferredOccupations, 10);
        form.Choice("integrationCourse", IntegrationCourse, IntegrationCourseChoices, required: false);
        form.Choice("first", First, FirstChoices, required: false);
        foreach (var (key, message) in form.Errors) Errors[key] = message;
        if (Errors.Count > 0) return null;

        var schedules = PreferredSchedules.Where(ScheduleChoices.Contains).Distinct().ToArray();
        return new
        {
            reference = Reference!.Trim(),
            level = Level,
            location = new { place = Place!.Trim() },
            maxDistanceKm = MaxDistanceKm,
            availableFrom = AvailableFrom,
            schedules = Schedules.Where(ScheduleChoices.Contains).ToArray(),
            needsChildcare = NeedsChildcare,
            occupations,
            limit = 10,
            admission = new
            {
                integrationCourse = string.IsNullOrEmpty(IntegrationCourse) ? null : IntegrationCourse,
                registeredForWork = YesOrNo(RegisteredForWork),
                employed = YesOrNo(Employed),
                failedB1Test = YesOrNo(FailedB1Test),
            },
            preferences = preferred.Length == 0 && string.IsNullOrEmpty(First) && schedules.Length == 0
                ? null
                : new { occupations = preferred, first = string.IsNullOrEmpty(First) ? null : First, schedules },
        };
    }

    private static bool? YesOrNo(string? answer) => answer switch { "yes" => true, "no" => false, _ => null };

    /// <summary>Asks why the id is missing, as a course first and then as an opening: the caseworker pastes an id and
    /// need not say which kind it is.</summary>
    private async Task ExplainAsync(object person, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(WhyNot?.Trim(), out var id))
        {
            Errors["whyNot"] = texts["WhyNotIdInvalid"];
            return;
        }

        var answer = await matching.WhyNotAsync(person, id, null, cancellationToken);
        if (answer.Status == StatusCodes.Status404NotFound) answer = await matching.WhyNotAsync(person, null, id, cancellationToken);
        if (answer.Succeeded) WhyNotAnswer = answer.Value;
        else Errors["whyNot"] = answer.Status == StatusCodes.Status404NotFound ? texts["WhyNotUnknown"] : texts["ErrorText"];
    }

    /// <summary>This person's query without <paramref name="left"/>, for a second form that asks about the same person.</summary>
    public IEnumerable<KeyValuePair<string, string?>> PersonQuery(params string[] left) =>
        Request.Query.Where(pair => pair.Key != "handler" && !left.Contains(pair.Key, StringComparer.OrdinalIgnoreCase))
            .SelectMany(pair => pair.Value.Select(value => new KeyValuePair<string, string?>(pair.Key, value)));

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
            var key = field switch
            {
                _ when field.StartsWith("preferences.occupations", StringComparison.Ordinal) => "preferredOccupations",
                _ when field.StartsWith("preferences.", StringComparison.Ordinal) => "first",
                _ when field.StartsWith("admission.", StringComparison.Ordinal) => field["admission.".Length..],
                _ => field.Split('.', '[')[0],
            };
            Errors[key] = key == "location" ? texts["PlaceUnknown"] : texts["CheckField"];
        }

        if (Errors.Count == 0) Errors["form"] = texts["ErrorText"];
    }
}
