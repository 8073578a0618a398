using Matching.Api.Projections;
using Matching.Engine;
using MassTransit;

namespace Matching.Api;

public static class Extensions
{
    public static IBusRegistrationConfigurator AddProjections(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<CourseProjection>();
        bus.AddConsumer<OpeningProjection>();
        bus.AddConsumer<AgreementProjection>();
        bus.AddConsumer<CatalogFeed>().Endpoint(endpoint =>
        {
            endpoint.Temporary = true;
            endpoint.InstanceId = NewId.NextGuid().ToString("N")[..12];
        });
        return bus;
    }

    public static IServiceCollection AddMatching(this IServiceCollection services)
    {
        services.AddSingleton<Catalog>();
        services.AddSingleton<ProjectionStore>();
        services.AddHostedService<CatalogLoader>();
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}
