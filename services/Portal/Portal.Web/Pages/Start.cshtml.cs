using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Portal.Web.Pages;

/// <summary>Where sign-in leads: the page of the person's role.</summary>
[Authorize]
public sealed class StartModel : PageModel
{
    public IActionResult OnGet() => LocalRedirect(User.FindFirst("role")?.Value switch
    {
        "provider" => "/provider",
        "caseworker" => "/caseworker",
        "employer" => "/employer",
        "coordinator" => "/coordinator",
        _ => "/forbidden",
    });
}
