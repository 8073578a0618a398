using Matching.Engine;
using MassTransit;

namespace Matching.Api.Projections;

/// <summary>The catalog every feature reads, and the projections that keep it: from the bus, and from the database at start.</summary>
public static class ProjectionsExtensions
{
    /// <remarks>After <c>AddServiceDefaults</c>: the loader waits for the bus, whose hosted service must start first.</remarks>
    public static IServiceCollection AddCatalog(this IServiceCollection services)
    {
        services.AddSingleton<Catalog>();
        services.AddSingleton<ProjectionStore>();
        services.AddSingleton<CatalogLoader>();
        services.AddHostedService(provider => provider.GetRequiredService<CatalogLoader>());
        services.AddHealthChecks().AddCheck<CatalogHealthCheck>("catalog", tags: ["ready"]);
        return services;
    }

    public static IBusRegistrationConfigurator AddProjections(this IBusRegistrationConfigurator bus)
    {
        var feed = new CatalogFeedBinding();
        bus.AddSingleton(feed);
        bus.AddReceiveEndpointObserver(_ => feed);
        bus.AddConsumer<CourseProjection>();
        bus.AddConsumer<OpeningProjection>();
        bus.AddConsumer<AgreementProjection>();
        bus.AddConsumer<CatalogFeed>().Endpoint(endpoint =>
        {
            endpoint.Temporary = true;
            endpoint.InstanceId = feed.InstanceId;
        });
        return bus;
    }
}
