using Employers.Api.Agreements;
using Employers.Api.Openings;

namespace Employers.Api;

public static class EmployersServices
{
    /// <summary>What the Employers service adds to <see cref="Matching.Hosting.ServiceDefaults"/>: its repositories.</summary>
    public static IServiceCollection AddEmployers(this IServiceCollection services) =>
        services
            .AddSingleton<OpeningRepository>()
            .AddSingleton<AgreementRepository>();
}
