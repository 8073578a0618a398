using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Web.Apis;

namespace Portal.Web.Pages.Employer;

/// <summary>An employer's openings (positions left, close), its agreements (quota used and left) and the placements into its openings.</summary>
public sealed class IndexModel(EmployersApi employers, MatchingApi matching, IStringLocalizer<Texts> texts) : PageModel
{
    public string EmployerId => User.FindFirst(Security.SignIn.EmployerClaim)!.Value;

    public IReadOnlyList<Opening> Openings { get; private set; } = [];
    public IReadOnlyList<Agreement> Agreements { get; private set; } = [];
    public Dictionary<Guid, Placement[]> Placements { get; } = [];
    [TempData] public string? Saved { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Openings = (await employers.OpeningsAsync(EmployerId, cancellationToken)).Value ?? [];
        Agreements = (await employers.AgreementsAsync(EmployerId, cancellationToken)).Value ?? [];
        foreach (var opening in Openings)
            Placements[opening.Id] = (await matching.PlacementsIntoAsync(opening.Id, cancellationToken)).Value ?? [];
    }

    public async Task<IActionResult> OnPostCloseAsync(Guid id, CancellationToken cancellationToken)
    {
        var answer = await employers.CloseAsync(id, cancellationToken);
        Saved = answer.Succeeded ? texts["OpeningClosed", answer.Value!.Title] : texts["ErrorText"];
        return RedirectToPage();
    }
}
