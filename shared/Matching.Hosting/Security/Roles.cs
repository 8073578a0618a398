namespace Matching.Hosting.Security;

/// <summary>Who may ask what: every signed-in caller has exactly one of these roles (README, "Who may do what"; docs/architecture.md, "Who is asking").</summary>
public static class Roles
{
    /// <summary>A course provider's staff or booking system, bound to one provider id.</summary>
    public const string Provider = "provider";

    /// <summary>An employer's staff or HR system, bound to one employer id.</summary>
    public const string Employer = "employer";

    /// <summary>A job centre's or integration office's caseworker.</summary>
    public const string Caseworker = "caseworker";

    /// <summary>The city's integration office: signs agreements, reads the city's figures.</summary>
    public const string Coordinator = "coordinator";

    /// <summary>Operations: the /admin endpoints.</summary>
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Provider, Employer, Caseworker, Coordinator, Admin];
}
