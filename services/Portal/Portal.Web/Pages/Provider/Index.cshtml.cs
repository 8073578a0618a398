using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Web.Apis;

namespace Portal.Web.Pages.Provider;

/// <summary>A course provider's courses: free seats changed with − / + or typed in, and each course's seat reservations.</summary>
public sealed class IndexModel(CoursesApi courses, IStringLocalizer<Texts> texts) : PageModel
{
    public string ProviderId => User.FindFirst(Security.SignIn.ProviderClaim)!.Value;

    public IReadOnlyList<Apis.Course> Courses { get; private set; } = [];

    public Dictionary<Guid, SeatReservation[]> Reservations { get; } = [];

    /// <summary>The course a change was refused for, and why, shown beside its seats.</summary>
    public (Guid Course, string Message)? SeatsError { get; private set; }

    [TempData] public string? Saved { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    /// <param name="seatsFree">What the provider typed, or the count shown when it pressed − or +.</param>
    /// <param name="change">-1 or 1 for the − and + buttons; none for the typed count.</param>
    public async Task<IActionResult> OnPostSeatsAsync(Guid id, string? seatsFree, int? change, CancellationToken cancellationToken)
    {
        if (!int.TryParse(seatsFree, out var seats) || seats < 0 || change is not (null or -1 or 1))
        {
            SeatsError = (id, texts["SeatsInvalid"]);
            await LoadAsync(cancellationToken);
            return Page();
        }

        var answer = await courses.PublishFreeSeatsAsync(id, Math.Max(0, seats + (change ?? 0)), cancellationToken);
        if (!answer.Succeeded)
        {
            SeatsError = (id, answer.Status switch
            {
                400 or 409 => texts["SeatsRefused", string.Join(" ", answer.Problem.Errors?.Values.SelectMany(m => m) ?? [answer.Problem.Title ?? ""])],
                403 or 404 => texts["NotYourCourse"],
                _ => texts["ErrorText"],
            });
            Response.StatusCode = answer.Status is 400 or 409 ? answer.Status : StatusCodes.Status502BadGateway;
            await LoadAsync(cancellationToken);
            return Page();
        }

        Saved = texts["SeatsSaved", answer.Value!.Title, answer.Value.SeatsFree];
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostWithdrawAsync(Guid id, CancellationToken cancellationToken)
    {
        var answer = await courses.WithdrawAsync(id, cancellationToken);
        // The withdrawal answers without a body; the course itself, withdrawn, still tells its title.
        var withdrawn = answer.Succeeded ? await courses.GetAsync(id, cancellationToken) : null;
        Saved = answer.Succeeded ? texts["Withdrawn", withdrawn?.Value?.Title ?? id.ToString()] : texts["ErrorText"];
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var answer = await courses.ListAsync(ProviderId, cancellationToken);
        Courses = answer.Value ?? [];
        foreach (var course in Courses)
            Reservations[course.Id] = (await courses.ReservationsAsync(course.Id, cancellationToken)).Value ?? [];
    }
}
