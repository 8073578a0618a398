using Matching.Hosting.Http;
using Matching.Hosting.Security;

namespace Employers.Api;

/// <summary>Employers are known only by the id they choose (e.g. <c>rhein-logistik</c>); the service keeps nothing else about them.</summary>
internal static class Employer
{
    private const int MaxIdLength = 100;

    public static string EmployerId(this Problems problems, string? employerId) =>
        problems.Id(employerId, "employerId", MaxIdLength);

    /// <summary>
    /// Whether <paramref name="caller"/> may read what belongs to <paramref name="employerId"/>: that employer itself, and
    /// the caseworkers and coordinators who place people with every employer.
    /// </summary>
    public static bool MayRead(Caller caller, string employerId) =>
        caller.IsEmployer(employerId) || caller.Is(Roles.Caseworker) || caller.Is(Roles.Coordinator);
}
