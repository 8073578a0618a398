using Matching.Api.Tests.Placements;
using Matching.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Matching.Api.Tests.Privacy;

/// <summary>
/// The placements' app with a clock the test moves (the retention sweep and the expiry read the time from it; their timers
/// tick in real time) and a retention sweep every 50 ms.
/// </summary>
public class PrivacyApp : PlacementsApp
{
    public PrivacyApp() : this(TestDatabase.Sqlite())
    {
    }

    protected PrivacyApp(TestDatabase database)
        : base(database, new Dictionary<string, string> { ["Privacy:SweepInterval"] = "00:00:00.05" })
    {
    }

    public MovableClock Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary><c>DELETE /people/{reference}</c> as a caseworker.</summary>
    public Task<HttpResponseMessage> EraseAsync(string reference) =>
        AsCaseworker().DeleteAsync($"/people/{Uri.EscapeDataString(reference)}");

    /// <summary>The rows of any table of the service's database that hold <paramref name="text"/>.</summary>
    public Task<IReadOnlyList<string>> RowsHoldingAsync(string text) => Stored.FindAsync(Database, [text]);
}

public sealed class PostgresPrivacyApp() : PrivacyApp(TestDatabase.Postgres());

/// <summary>A clock that stands still until the test moves it on.</summary>
public sealed class MovableClock(DateTimeOffset start) : TimeProvider
{
    private long ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref ticks), TimeSpan.Zero);

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);
}
