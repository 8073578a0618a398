using Employers.Api.Agreements;
using Employers.Api.Openings;
using Employers.Api.Positions;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Employers.Api;

public static class EmployersServices
{
    /// <summary>What the Employers service adds to <see cref="Matching.Hosting.ServiceDefaults"/>: its repositories and the position holds.</summary>
    public static IServiceCollection AddEmployers(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        return services
            .AddSingleton<OpeningRepository>()
            .AddSingleton<AgreementRepository>()
            .AddSingleton<PositionHolds>();
    }
}
