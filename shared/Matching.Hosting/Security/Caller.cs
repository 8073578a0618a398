using System.Security.Claims;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Matching.Hosting.Security;

/// <summary>
/// Who is asking: the token's subject (an account or a machine client, never a name), its role and, for a provider
/// or an employer, the organisation it acts for. An endpoint takes it as a parameter.
/// </summary>
public sealed record Caller(string Subject, string Role, string? Organisation)
{
    /// <summary>Whether the caller acts for the course provider <paramref name="providerId"/>.</summary>
    public bool IsProvider(string providerId) =>
        Role == Roles.Provider && string.Equals(Organisation, providerId, StringComparison.Ordinal);

    /// <summary>Whether the caller acts for the employer <paramref name="employerId"/>.</summary>
    public bool IsEmployer(string employerId) =>
        Role == Roles.Employer && string.Equals(Organisation, employerId, StringComparison.Ordinal);

    public bool Is(string role) => Role == role;

    /// <summary>The signed-in caller of the request; an endpoint that takes one must require authorization.</summary>
    public static ValueTask<Caller?> BindAsync(HttpContext context, ParameterInfo _) =>
        ValueTask.FromResult(From(context.User, context.RequestServices.GetRequiredService<AuthenticationSettings>()));

    public static Caller? From(ClaimsPrincipal user, AuthenticationSettings settings)
    {
        if (user.Identity?.IsAuthenticated != true) return null;
        var claims = settings.Claims;
        var role = user.FindFirstValue(claims.Role) ?? "";
        var organisation = role switch
        {
            Roles.Provider => user.FindFirstValue(claims.ProviderId),
            Roles.Employer => user.FindFirstValue(claims.EmployerId),
            _ => null,
        };
        return new Caller(user.FindFirstValue(claims.Subject) ?? "", role, organisation);
    }
}
