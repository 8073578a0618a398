using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Tests;

/// <summary>The identity service in memory, on a <see cref="Storage"/> of its own (or one given, to be started again on it).</summary>
public sealed class IdentityApp : WebApplicationFactory<Program>
{
    private readonly bool ownsStorage;
    private readonly Dictionary<string, string?> settings;
    private readonly TimeProvider? clock;

    /// <summary>A service on a storage of its own, removed with it: the class fixture.</summary>
    public IdentityApp() : this(Storage.Create(), null, null, ownsStorage: true)
    {
    }

    private IdentityApp(Storage storage, IReadOnlyDictionary<string, string?>? settings, TimeProvider? clock, bool ownsStorage)
    {
        Storage = storage;
        this.ownsStorage = ownsStorage;
        this.clock = clock;
        this.settings = storage.Settings();
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) this.settings[key] = value;
    }

    public Storage Storage { get; }

    /// <summary>A service on <paramref name="storage"/>, which it removes when disposed only if <paramref name="ownsStorage"/>.</summary>
    public static IdentityApp On(Storage storage, IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? clock = null, bool ownsStorage = false) =>
        new(storage, settings, clock, ownsStorage);

    /// <summary>A client that keeps cookies and shows each redirect instead of following it, as a test of a browser flow needs.</summary>
    public HttpClient CreateBrowser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        if (clock is not null) builder.ConfigureTestServices(services => services.AddSingleton(clock));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (ownsStorage) Storage.Dispose();
    }
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualClock : TimeProvider
{
    private DateTimeOffset now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
