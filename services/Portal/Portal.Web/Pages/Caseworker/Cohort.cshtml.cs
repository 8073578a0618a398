using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Web.Apis;
using Portal.Web.Cohorts;
using Portal.Web.Forms;

namespace Portal.Web.Pages.Caseworker;

/// <summary>
/// A whole cohort at once: the caseworker uploads a CSV of people (a template to download), the Matching service
/// allocates seats and positions, and the page shows the allocation beside first come, first served — numbers and a
/// chart drawn here — and offers it as CSV. Several files are one cohort (the caseworker page
/// offers each person, with their ranked choices, as a file of one line). A file with a wrong cell is not sent at all:
/// each error names its file, line and column.
/// </summary>
[RequestFormLimits(MultipartBodyLengthLimit = MaxFileBytes + 64 * 1024)]
public sealed partial class CohortModel(MatchingApi matching, IStringLocalizer<Texts> texts) : PageModel
{
    public const int MaxFileBytes = 4 * 1024 * 1024;
    public const int MaxFiles = 500;
    public const int DefaultTimeLimitSeconds = 10;
    public const int MaxTimeLimitSeconds = 60;
    public static readonly string[] Priorities = ["report", "strict"];

    /// <summary>The cohort's files: one, or several read as one (e.g. the one-person files of the caseworker page).</summary>
    [BindProperty] public List<IFormFile> Upload { get; set; } = [];
    [BindProperty] public string? Priority { get; set; }
    [BindProperty] public string? TimeLimitSeconds { get; set; }

    public Dictionary<string, string> Errors { get; private set; } = [];

    /// <summary>Each wrong cell of the file, in words: line, column, what is wrong.</summary>
    public List<string> FileErrors { get; } = [];

    public AllocationFigures? Figures { get; private set; }

    public int TimeLimit => int.TryParse(TimeLimitSeconds, CultureInfo.InvariantCulture, out var seconds) ? seconds : DefaultTimeLimitSeconds;

    public void OnGet()
    {
        Priority ??= "report";
        TimeLimitSeconds ??= DefaultTimeLimitSeconds.ToString(CultureInfo.InvariantCulture);
    }

    public IActionResult OnGetTemplate() =>
        File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(CohortFile.Template())).ToArray(), "text/csv; charset=utf-8", "cohort-template.csv");

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var form = new FormReading(texts);
        var timeLimit = form.Number("timeLimitSeconds", TimeLimitSeconds, 1, MaxTimeLimitSeconds);
        var priority = form.Choice("priority", Priority, Priorities);
        var files = Upload.Where(file => file.Length > 0).ToList();
        if (files.Count == 0) form.Fail("upload", texts["CsvChooseFile"]);
        else if (files.Count > MaxFiles) form.Fail("upload", texts["CsvTooManyFiles", MaxFiles]);
        else if (files.Sum(file => file.Length) > MaxFileBytes) form.Fail("upload", texts["CsvTooLarge", MaxFileBytes / 1024 / 1024]);

        Errors = form.Errors;
        if (form.Failed) return Refused();
        var uploads = new List<CohortFile.Upload>();
        foreach (var file in files) uploads.Add(new CohortFile.Upload(file.FileName, await ReadTextAsync(file, cancellationToken)));
        var reading = CohortFile.ReadAll(uploads, texts);
        foreach (var error in reading.Errors) FileErrors.Add(Describe(error.File, error.Line, error.Column, error.ColumnName, error.Message));
        if (FileErrors.Count > 0) return Refused();

        var answer = await matching.AllocateAsync(new
        {
            people = reading.People.Select(person => person.Request).ToArray(),
            timeLimitSeconds = timeLimit,
            priority,
        }, cancellationToken);
        if (answer.Succeeded)
        {
            Figures = new AllocationFigures(answer.Value!, reading.People);
            return Page();
        }

        if (answer.Status == StatusCodes.Status400BadRequest)
        {
            foreach (var (field, _) in answer.Problem.Errors ?? [])
                FileErrors.Add(PersonField().Match(field) is { Success: true } match && int.TryParse(match.Groups[1].Value, out var i) && i < reading.People.Count
                    ? Describe(reading.People[i].File, reading.People[i].Line, ColumnOf(match.Groups[2].Value, reading.People[i].ColumnOf, out var name), name, texts["CheckField"])
                    : texts["CheckField"] + " (" + field + ")");
        }
        else Errors["form"] = answer.Status is 429 or 503 ? texts["AllocationBusy"] : texts["ErrorText"];
        return Refused();
    }

    /// <summary>The allocation shown on the page, as the CSV file it was drawn from (the portal keeps no allocation).</summary>
    public IActionResult OnPostDownload(string? csv) =>
        File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv ?? "")).ToArray(), "text/csv; charset=utf-8", "allocation.csv");

    public Field Typed(string name, string label, string? value, string type = "text", string? hint = null) =>
        new(name, texts[label].Value, value, Errors.GetValueOrDefault(name), type, hint is null ? null : texts[hint].Value);

    private PageResult Refused()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>Where a wrong cell is, in words: its file (when there are several), line and column, then what is wrong.</summary>
    private string Describe(string? file, int line, int column, string name, string message)
    {
        var described = line == 0 ? message
            : column > 0 ? texts["CsvAt", line, column, name, message]
            : name.Length > 0 ? texts["CsvAtLineColumn", line, name, message] : texts["CsvAtLine", line, message];
        return file is null ? described : texts["CsvInFile", file, described];
    }

    /// <summary>The file's column for a field the API named (<c>location.place</c> → <c>place</c>), and its number from 1 (0 when absent).</summary>
    private static int ColumnOf(string field, IReadOnlyDictionary<string, int> columns, out string name)
    {
        name = field switch
        {
            _ when field.StartsWith("location", StringComparison.Ordinal) => "place",
            _ when field.StartsWith("preferences.occupations", StringComparison.Ordinal) => "preferredOccupations",
            _ when field.StartsWith("preferences.schedules", StringComparison.Ordinal) => "preferredSchedules",
            _ when field.StartsWith("preferences.", StringComparison.Ordinal) => "first",
            _ when field.StartsWith("admission.", StringComparison.Ordinal) => field["admission.".Length..],
            _ when ChoiceField().Match(field) is { Success: true } choice => "choice" + (int.Parse(choice.Groups[1].Value, CultureInfo.InvariantCulture) + 1),
            _ => field.Split('.', '[')[0],
        };
        return columns.TryGetValue(name, out var column) ? column + 1 : 0;
    }

    /// <summary>UTF-8 as spreadsheets save it today; a file that is not (an older Windows export) is read as Latin-1.</summary>
    private static async Task<string> ReadTextAsync(IFormFile upload, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await upload.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.ToArray();
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(bytes);
        }
    }

    [GeneratedRegex(@"^people\[(\d+)\]\.(.+)$")]
    private static partial Regex PersonField();

    [GeneratedRegex(@"^choices\[(\d+)\]")]
    private static partial Regex ChoiceField();
}
