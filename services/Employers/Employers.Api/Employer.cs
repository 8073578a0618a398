using Matching.Hosting.Http;

namespace Employers.Api;

/// <summary>Employers are known only by the id they choose (e.g. <c>rhein-logistik</c>); the service keeps nothing else about them.</summary>
internal static class Employer
{
    private const int MaxIdLength = 100;

    public static string EmployerId(this Problems problems, string? employerId) =>
        problems.Id(employerId, "employerId", MaxIdLength);
}
