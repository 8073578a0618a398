using System.Text.RegularExpressions;

namespace Identity.Api;

/// <summary>The roles of the design, and the organisation a provider or employer is bound to.</summary>
public static partial class Roles
{
    public const string Provider = "provider";
    public const string Employer = "employer";
    public const string Caseworker = "caseworker";
    public const string Coordinator = "coordinator";
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Provider, Employer, Caseworker, Coordinator, Admin];

    /// <summary>The claim that names the organisation of a role bound to one (<c>provider_id</c>, <c>employer_id</c>), or null.</summary>
    public static string? OrganisationClaim(string role) => role switch
    {
        Provider => "provider_id",
        Employer => "employer_id",
        _ => null,
    };

    /// <summary>An organisation id as the other services use them: lower-case words joined by hyphens, like <c>vhs-duisburg</c>.</summary>
    public static bool IsOrganisationId(string value) => value.Length <= 100 && OrganisationId().IsMatch(value);

    /// <summary>Why <paramref name="role"/> and <paramref name="organisation"/> do not go together, or null when they do.</summary>
    public static string? Problem(string? role, string? organisation)
    {
        if (role is null || !All.Contains(role)) return $"role must be one of {string.Join(", ", All)}";
        var bound = OrganisationClaim(role) is not null;
        if (bound && string.IsNullOrEmpty(organisation)) return $"a {role} needs its organisation";
        if (!bound && !string.IsNullOrEmpty(organisation)) return $"a {role} has no organisation";
        if (bound && !IsOrganisationId(organisation!)) return "organisation must be lower-case words joined by hyphens, like vhs-duisburg";
        return null;
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex OrganisationId();
}
