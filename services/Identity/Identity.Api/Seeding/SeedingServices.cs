namespace Identity.Api.Seeding;

public static class SeedingServices
{
    public static IServiceCollection AddSeeding(this IServiceCollection services) => services.AddSingleton<Seeder>();

    /// <summary>Upserts the configured accounts and clients before the service takes any request.</summary>
    public static async Task SeedAsync(this WebApplication app)
    {
        var seed = Seeder.Read(app.Configuration);
        await app.Services.GetRequiredService<Seeder>().SeedAsync(seed, app.Lifetime.ApplicationStopping);
    }
}
