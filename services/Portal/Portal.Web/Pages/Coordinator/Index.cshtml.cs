using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Web.Apis;

namespace Portal.Web.Pages.Coordinator;

/// <summary>The city's coordinator signs agreements with employers and sees how much of each quota is used.</summary>
public sealed class IndexModel(EmployersApi employers, IStringLocalizer<Texts> texts) : PageModel
{
    public static readonly string[] LevelChoices = ["none", "A1", "A2", "B1", "B2", "C1"];

    /// <summary>Whose agreements the list shows.</summary>
    [BindProperty(SupportsGet = true)] public string? Employer { get; set; }

    [BindProperty] public string? EmployerId { get; set; }
    [BindProperty] public string? Occupations { get; set; }
    [BindProperty] public string? MinLevel { get; set; }
    [BindProperty] public int? Quota { get; set; }
    [BindProperty] public DateOnly? ValidFrom { get; set; }
    [BindProperty] public DateOnly? ValidTo { get; set; }
    [BindProperty] public string? LanguageSupport { get; set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    public IReadOnlyList<Agreement> Agreements { get; private set; } = [];
    [TempData] public string? Saved { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostSignAsync(CancellationToken cancellationToken)
    {
        var answer = await employers.SignAgreementAsync(new
        {
            employerId = EmployerId?.Trim(),
            occupations = (Occupations ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries),
            minLevel = MinLevel,
            quota = Quota,
            validFrom = ValidFrom,
            validTo = ValidTo,
            languageSupport = string.IsNullOrWhiteSpace(LanguageSupport) ? null : LanguageSupport.Trim(),
        }, cancellationToken);
        if (answer.Succeeded)
        {
            Saved = texts["AgreementSigned", answer.Value!.EmployerId];
            return Redirect($"/coordinator?employer={Uri.EscapeDataString(answer.Value.EmployerId)}");
        }

        foreach (var (field, messages) in answer.Problem.Errors ?? [])
            Errors[field.Split('.', '[')[0]] = texts["Invalid", string.Join(" ", messages)];
        if (Errors.Count == 0) Errors["form"] = answer.Problem.Title ?? texts["ErrorText"];
        Response.StatusCode = answer.Status == 400 ? 400 : StatusCodes.Status502BadGateway;
        Employer ??= EmployerId;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Employer)) return;
        var answer = await employers.AgreementsAsync(Employer.Trim(), cancellationToken);
        Agreements = answer.Value ?? [];
        if (!answer.Succeeded) Errors["employer"] = texts["Invalid", string.Join(" ", answer.Problem.Errors?.Values.SelectMany(m => m) ?? [])];
    }
}
