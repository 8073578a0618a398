using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace Benchmarks;

/// <summary>
/// The portal's pages as a browser gets them, from a running system (<c>./matching.sh up</c>: portal on 5080, demo data):
/// the caseworker's suggestions page (signed in through the identity service's page, code flow, as a person) and the
/// public course finder, each rendered server-side, 10 requests at a time; latency percentiles per page.
/// </summary>
public static partial class PortalMeasurements
{
    private const int Concurrency = 10;

    /// <summary>Places of the demo data and around: each request asks about one, in turn.</summary>
    private static readonly string[] Places = ["Hochfeld", "Meiderich", "Rheinhausen", "Duisburg", "Dinslaken", "Moers", "Oberhausen", "Mülheim"];

    private static readonly string[] Levels = ["none", "A1", "A2", "B1"];

    public static void Pages(string? portalAddress = null)
    {
        var portal = new Uri(portalAddress ?? Environment.GetEnvironmentVariable("PORTAL") ?? "http://localhost:5080");
        Console.WriteLine($"\n## Portal pages ({portal}, {Concurrency} concurrent, HTTP/1.1 keep-alive)");
        using var caseworker = SignedInAsync(portal, "caseworker", "demo-caseworker").GetAwaiter().GetResult();
        using var anyone = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = portal };

        // Matching lets anonymous callers (the portal's finder among them, all from the portal's one address) ask 600
        // times a minute: the finder's run stays below that, so no answer is a refusal dressed as a page.
        Measure("caseworker suggestions page", caseworker, warmUp: 100, count: 2_000,
            i => $"/caseworker?reference=bench-{i}&level={Levels[i % Levels.Length]}&place={Uri.EscapeDataString(Places[i % Places.Length])}&maxDistanceKm=25",
            page => page.Contains("id=\"suggestions\"", StringComparison.Ordinal));
        // The same questions asked of Matching directly (the page's first call), to tell the page's own share from the API's.
        using var matching = MachineAsync(new Uri(Environment.GetEnvironmentVariable("MATCHING") ?? "http://localhost:5103"),
            new Uri(Environment.GetEnvironmentVariable("IDENTITY") ?? "http://localhost:5100"), "caseworker-cli").GetAwaiter().GetResult();
        Measure("  Matching POST /matches alone (same people)", matching, warmUp: 100, count: 2_000, i => MatchesBody(i), _ => true);
        Thread.Sleep(TimeSpan.FromSeconds(61));
        Measure("public course finder", anyone, warmUp: 40, count: 500,
            i => $"/?place={Uri.EscapeDataString(Places[i % Places.Length])}&level={Levels[i % Levels.Length]}&lang=de",
            page => page.Contains("class=\"course\"", StringComparison.Ordinal) || page.Contains("Keine Kurse", StringComparison.Ordinal));
    }

    private static void Measure(string name, HttpClient client, int warmUp, int count, Func<int, string> path, Func<string, bool> answered)
    {
        Run(client, warmUp, path, answered, out _);
        var stopwatch = Stopwatch.StartNew();
        var times = Run(client, count, i => path(i + warmUp), answered, out var wrong);
        stopwatch.Stop();
        Array.Sort(times);
        Console.WriteLine($"{name}: {count:N0} requests in {stopwatch.Elapsed.TotalSeconds:N1} s ({count / stopwatch.Elapsed.TotalSeconds:N0}/s); " +
                          $"p50 {P(times, 50):N1} ms, p95 {P(times, 95):N1} ms, p99 {P(times, 99):N1} ms, max {times[^1]:N1} ms; " +
                          $"{wrong} answers not the page (goal: 0)");
    }

    private static double[] Run(HttpClient client, int count, Func<int, string> path, Func<string, bool> answered, out int wrong)
    {
        var times = new double[count];
        var next = -1;
        var failures = 0;
        var workers = Enumerable.Range(0, Concurrency).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                var started = Stopwatch.GetTimestamp();
                var target = path(i);
                using var response = target.StartsWith('{')
                    ? await client.PostAsync("/matches", new StringContent(target, System.Text.Encoding.UTF8, "application/json"))
                    : await client.GetAsync(target);
                var page = await response.Content.ReadAsStringAsync();
                times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (response.StatusCode != HttpStatusCode.OK || !answered(page)) Interlocked.Increment(ref failures);
            }
        })).ToArray();
        Task.WaitAll(workers);
        wrong = failures;
        return times;
    }

    /// <summary>The body of <c>POST /matches</c> the suggestions page sends for request <paramref name="i"/>.</summary>
    private static string MatchesBody(int i) =>
        $$"""{"reference":"bench-{{i}}","level":"{{Levels[i % Levels.Length]}}","location":{"place":"{{Places[i % Places.Length]}}"},"maxDistanceKm":25,"limit":10}""";

    /// <summary>A client of Matching signed in as a demo machine client (client credentials, secret demo-&lt;client id&gt;).</summary>
    private static async Task<HttpClient> MachineAsync(Uri matching, Uri identity, string clientId)
    {
        using var tokens = new HttpClient { BaseAddress = identity };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{clientId}:demo-{clientId}")));
        using var answer = await tokens.SendAsync(request);
        var token = System.Text.Json.JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString();
        var client = new HttpClient { BaseAddress = matching };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static double P(double[] sorted, int percent) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1)];

    /// <summary>Signs in as a person does: the portal's sign-in link, the identity service's page (its antiforgery
    /// token and return address read from the form), and the code flow back to the portal, cookies kept throughout.</summary>
    private static async Task<HttpClient> SignedInAsync(Uri portal, string userName, string password)
    {
        var client = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = true }) { BaseAddress = portal };
        using var signInPage = await client.GetAsync("/signin?returnUrl=%2Fcaseworker");
        var form = await signInPage.Content.ReadAsStringAsync();
        var fields = HiddenField().Matches(form).ToDictionary(match => WebUtility.HtmlDecode(match.Groups[1].Value), match => WebUtility.HtmlDecode(match.Groups[2].Value));
        fields["userName"] = userName;
        fields["password"] = password;
        var action = new Uri(signInPage.RequestMessage!.RequestUri!, FormAction().Match(form).Groups[1].Value);
        using var signedIn = await client.PostAsync(action, new FormUrlEncodedContent(fields));
        if (signedIn.RequestMessage!.RequestUri!.AbsolutePath != "/caseworker")
            throw new InvalidOperationException($"Signing in as {userName} ended at {signedIn.RequestMessage.RequestUri} ({(int)signedIn.StatusCode})");
        return client;
    }

    [GeneratedRegex("""<input type="hidden" name="([^"]+)" value="([^"]*)">""")]
    private static partial Regex HiddenField();

    [GeneratedRegex("""<form method="post" action="([^"]+)">""")]
    private static partial Regex FormAction();
}
