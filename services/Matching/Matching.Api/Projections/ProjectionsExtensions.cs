using Matching.Engine;
using MassTransit;

namespace Matching.Api.Projections;

/// <summary>The catalog every feature reads, and the projections that keep it: from the bus, and from the database at start.</summary>
public static class ProjectionsExtensions
{
    public static IServiceCollection AddCatalog(this IServiceCollection services)
    {
        services.AddSingleton<Catalog>();
        services.AddSingleton<ProjectionStore>();
        services.AddHostedService<CatalogLoader>();
        return services;
    }

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
}
