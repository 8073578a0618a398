using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Matching.Testing;
using Microsoft.Playwright;

namespace Portal.Tests;

/// <summary>
/// The whole system as people use it: the identity service (with the people who sign in at its page and the portal as
/// its client), Courses, Employers and Matching over RabbitMQ in a virtual host of this run, and the portal — each a real
/// process — and one headless Chromium (Debian's, never a downloaded one) that tests open pages in.
/// </summary>
public sealed class PortalSystem : IAsyncLifetime
{
    public const string Provider = "vhs-duisburg";
    public const string OtherProvider = "bildungswerk-rhein";
    public const string Employer = "rhein-logistik";

    /// <summary>The people who sign in at the identity service's page: user name → (password, role, organisation).</summary>
    public static readonly IReadOnlyDictionary<string, (string Password, string Role, string? Organisation)> People =
        new Dictionary<string, (string, string, string?)>
        {
            ["provider"] = ("pass-of-provider", "provider", Provider),
            ["caseworker"] = ("pass-of-caseworker", "caseworker", null),
            ["employer"] = ("pass-of-employer", "employer", Employer),
            ["coordinator"] = ("pass-of-coordinator", "coordinator", null),
        };

    /// <summary>Machine clients the tests set up data with, as a provider's or employer's own system would.</summary>
    private static readonly (string Role, string? Organisation)[] Machines =
        [("provider", Provider), ("provider", OtherProvider), ("employer", Employer), ("coordinator", null), ("caseworker", null)];

    private readonly RabbitMqVirtualHost vhost = RabbitMqVirtualHost.Create();
    private readonly TestDatabase identityDb = TestDatabase.Sqlite();
    private readonly TestDatabase coursesDb = TestDatabase.Sqlite();
    private readonly TestDatabase employersDb = TestDatabase.Sqlite();
    private readonly TestDatabase matchingDb = TestDatabase.Sqlite();
    private readonly string identityKeys = Directory.CreateTempSubdirectory("portal-identity-keys-").FullName;
    private readonly Dictionary<string, string> portalSettings = new();
    private IPlaywright? playwright;

    public PortalSystem()
    {
        // The portal's port is chosen now, so the identity service can register its redirect URI before either starts.
        Portal = new ServiceProcess("services/Portal/Portal.Web", portalSettings);
        Identity = new ServiceProcess("services/Identity/Identity.Api", IdentitySettings(Portal.Port));
        var trust = new Dictionary<string, string> { ["Authentication:Authority"] = Identity.Client.BaseAddress!.ToString() };
        Courses = new ServiceProcess("services/Courses/Courses.Api", With(ServiceProcess.Settings(vhost, coursesDb), trust));
        Employers = new ServiceProcess("services/Employers/Employers.Api", With(ServiceProcess.Settings(vhost, employersDb), trust));
        // The tests ask the anonymous finder often (polling until an event has travelled), all from one address: Matching's
        // limit for anonymous callers is not what these tests are about.
        var finderLimit = new Dictionary<string, string> { ["RateLimits:AnonymousPerMinute"] = "100000" };
        Matching = new ServiceProcess("services/Matching/Matching.Api", With(With(ServiceProcess.Settings(vhost, matchingDb), trust), finderLimit));
        portalSettings["Portal:Authority"] = Identity.Client.BaseAddress!.ToString();
        portalSettings["Portal:ClientId"] = "portal";
        portalSettings["Portal:ClientSecret"] = "secret-of-portal";
        portalSettings["Services:Courses"] = Courses.Client.BaseAddress!.ToString();
        portalSettings["Services:Employers"] = Employers.Client.BaseAddress!.ToString();
        portalSettings["Services:Matching"] = Matching.Client.BaseAddress!.ToString();
    }

    public ServiceProcess Identity { get; }
    public ServiceProcess Courses { get; }
    public ServiceProcess Employers { get; }
    public ServiceProcess Matching { get; }
    public ServiceProcess Portal { get; }
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The portal's address as the browser opens it.</summary>
    public string Url(string path = "/") => $"http://127.0.0.1:{Portal.Port}{path}";

    public async Task InitializeAsync()
    {
        await Identity.StartAsync();
        await Task.WhenAll(Courses.StartAsync(), Employers.StartAsync(), Matching.StartAsync(), Portal.StartAsync());
        // Generous waits: only a hung page should fail a test; a loaded machine may take seconds to answer a click.
        Assertions.SetDefaultExpectTimeout(30_000);
        playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox"],
        });
    }

    /// <summary>A fresh browser context (no cookies), as a phone (360 px wide) or a desk (1280 px).</summary>
    public async Task<IPage> NewPageAsync(bool phone = false, string locale = "de-DE")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = phone ? new ViewportSize { Width = 360, Height = 740 } : new ViewportSize { Width = 1280, Height = 900 },
            Locale = locale,
        });
        context.SetDefaultTimeout(60_000);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the portal's sign-in link and the identity service's own page, as a person does; ends on the role's page.</summary>
    public async Task<IPage> SignedInAsync(string userName, bool phone = false)
    {
        var page = await NewPageAsync(phone);
        await page.GotoAsync(Url("/"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Anmelden (für Fachleute)" }).ClickAsync();
        await page.Locator("#userName").FillAsync(userName);
        await page.Locator("#password").FillAsync(People[userName].Password);
        await page.Locator("button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(Url("/" + People[userName].Role), StringComparison.Ordinal));
        return page;
    }

    /// <summary>A client of <paramref name="service"/> signed in as a machine client of the role (client credentials).</summary>
    public async Task<HttpClient> MachineAsync(ServiceProcess service, string role, string? organisation = null)
    {
        var clientId = organisation is null ? role : $"{role}-{organisation}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:secret-of-{clientId}")));
        using var response = await Identity.Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"No token for {clientId}: {body}");
        var client = new HttpClient { BaseAddress = service.Client.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)JsonNode.Parse(body)!["access_token"]!);
        return client;
    }

    /// <summary>A course of <paramref name="providerId"/> published through the Courses API, as the provider's own system does.</summary>
    public async Task<Guid> PublishCourseAsync(string title, string place = "Hochfeld", int seatsFree = 5, string levelFrom = "none", string levelTo = "B1",
        string schedule = "morning", bool childcare = true, string providerId = Provider, object? contact = null, string kind = "integration")
    {
        using var courses = await MachineAsync(Courses, "provider", providerId);
        using var response = await courses.PostAsJsonAsync("/courses", new
        {
            providerId, title, kind, levelFrom, levelTo, location = new { place }, online = false,
            startsOn = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd"), endsOn = DateTime.UtcNow.AddDays(200).ToString("yyyy-MM-dd"),
            hoursPerWeek = 20, schedule, childcare, seatsTotal = 20, seatsFree, contact,
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Publishing {title}: {(int)response.StatusCode} {body}\n--- courses log ---\n{Courses.Log}");
        var id = Guid.Parse((string)JsonNode.Parse(body)!["id"]!);
        await WhenFinderShowsAsync(place, title, level: levelFrom);
        return id;
    }

    /// <summary>An opening of <paramref name="employerId"/> posted through the Employers API; returns once Matching suggests it.</summary>
    public async Task<Guid> PostOpeningAsync(string title, string place, string occupation = "9333", string minLevel = "A2", string employerId = Employer)
    {
        using var employers = await MachineAsync(Employers, "employer", employerId);
        using var response = await employers.PostAsJsonAsync("/openings", new
        {
            employerId, title, occupation, location = new { place }, minLevel, positions = 2,
            startsOn = DateTime.UtcNow.AddDays(250).ToString("yyyy-MM-dd"), hoursPerWeek = 38, languageSupport = true,
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Posting {title}: {(int)response.StatusCode} {body}");
        var id = Guid.Parse((string)JsonNode.Parse(body)!["id"]!);
        await WhenMatchingSuggestsAsync(id, place, occupation);
        return id;
    }

    /// <summary>Waits until Matching suggests (or, <paramref name="shown"/> false, no longer suggests) the opening to a
    /// C1 speaker near <paramref name="place"/> (it travels over the bus).</summary>
    public async Task WhenMatchingSuggestsAsync(Guid openingId, string place, string occupation, bool shown = true)
    {
        using var matching = await MachineAsync(Matching, "caseworker");
        await Poll.UntilAsync(async () =>
        {
            using var answer = await matching.PostAsJsonAsync("/matches", new
            {
                reference = "probe", level = "C1", location = new { place }, occupations = new[] { occupation }, limit = 100,
            });
            return (await answer.Content.ReadAsStringAsync()).Contains(openingId.ToString(), StringComparison.Ordinal) == shown;
        }, TimeSpan.FromSeconds(60), () => $"Matching {(shown ? "never suggested" : "still suggests")} the opening {openingId}");
    }

    /// <summary>Waits until the public finder lists a course of that title near <paramref name="place"/> (it travels over the bus).</summary>
    /// <remarks>Listed means with its details too (hours, contact): Matching's catalog hears of a course on the replica's own
    /// feed, and the details come from the shared store, which another consumer of the same event writes a moment apart.</remarks>
    public Task WhenFinderShowsAsync(string place, string title, bool shown = true, string level = "none") => Poll.UntilAsync(async () =>
        {
            var found = await Matching.Client.GetFromJsonAsync<JsonArray>($"/finder/courses?place={Uri.EscapeDataString(place)}&level={level}&limit=50");
            return found!.Any(course => (string?)course!["title"] == title && (!shown || course["hoursPerWeek"] is not null)) == shown;
        }, TimeSpan.FromSeconds(60), () => $"the finder {(shown ? "never listed" : "still lists")} {title}");

    private Dictionary<string, string> IdentitySettings(int portalPort)
    {
        var settings = new Dictionary<string, string>
        {
            ["Database:Provider"] = identityDb.Provider.ToString(),
            ["ConnectionStrings:Database"] = identityDb.ConnectionString,
            ["Identity:KeysPath"] = identityKeys,
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["Identity:Seed:Clients:0:ClientId"] = "portal",
            ["Identity:Seed:Clients:0:Secret"] = "secret-of-portal",
            ["Identity:Seed:Clients:0:RedirectUris:0"] = $"http://127.0.0.1:{portalPort}/signin-oidc",
        };
        var i = 1;
        foreach (var (role, organisation) in Machines)
        {
            var clientId = organisation is null ? role : $"{role}-{organisation}";
            settings[$"Identity:Seed:Clients:{i}:ClientId"] = clientId;
            settings[$"Identity:Seed:Clients:{i}:Secret"] = "secret-of-" + clientId;
            settings[$"Identity:Seed:Clients:{i}:Role"] = role;
            if (organisation is not null) settings[$"Identity:Seed:Clients:{i}:Organisation"] = organisation;
            i++;
        }

        var a = 0;
        foreach (var (userName, (password, role, organisation)) in People)
        {
            settings[$"Identity:Seed:Accounts:{a}:UserName"] = userName;
            settings[$"Identity:Seed:Accounts:{a}:Password"] = password;
            settings[$"Identity:Seed:Accounts:{a}:Role"] = role;
            if (organisation is not null) settings[$"Identity:Seed:Accounts:{a}:Organisation"] = organisation;
            a++;
        }

        return settings;
    }

    private static Dictionary<string, string> With(Dictionary<string, string> settings, Dictionary<string, string> more)
    {
        foreach (var (key, value) in more) settings[key] = value;
        return settings;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
        foreach (var service in new[] { Portal, Matching, Employers, Courses, Identity }) await service.DisposeAsync();
        foreach (var database in new[] { identityDb, coursesDb, employersDb, matchingDb }) database.Dispose();
        vhost.Dispose();
        try { Directory.Delete(identityKeys, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalSystem>
{
    public const string Name = "portal";
}
