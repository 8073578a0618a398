using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Matching.Testing;

namespace Matching.FaultTests;

/// <summary>
/// Ten thousand generated requests across every endpoint of the three services: no answer is a 5xx, every
/// invalid request is refused with a 4xx (a 400 with problem details where the body is at fault), and the
/// databases hold exactly what the valid requests created.
/// </summary>
public sealed class RefusingHostileInput(RunningSystem system, ITestOutputHelper output) : IClassFixture<RunningSystem>
{
    public const int Senders = 8;
    private const int RequestsPerSender = 1_250;
    private const int Seed = 20270111;

    [Fact]
    public async Task Ten_thousand_generated_requests_should_get_no_5xx_and_store_only_what_the_valid_ones_created()
    {
        var known = new KnownIds();
        var senders = Enumerable.Range(0, Senders).Select(i => new HostileRequests(i, Seed + i, known)).ToArray();
        var answers = new Answers();

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(senders.Select(sender => Task.Run(async () =>
        {
            for (var i = 0; i < RequestsPerSender; i++) await SendAsync(sender.Next(), answers, sender);
        })));
        foreach (var (service, method, path) in BodyEndpoints(senders)) await SendAsync(HostileRequests.Oversized(service, path, method), answers, senders[0]);
        clock.Stop();

        output.WriteLine($"{answers.Sent} requests ({answers.Valid} valid, {answers.Sent - answers.Valid} invalid) in {clock.Elapsed.TotalSeconds:0.0} s " +
            $"({answers.Sent / clock.Elapsed.TotalSeconds:0} per second, {Senders} senders)");
        foreach (var (status, count) in answers.ByStatus.OrderBy(s => s.Key, StringComparer.Ordinal)) output.WriteLine($"  {status}: {count}");
        Assert.True(answers.Sent >= Senders * RequestsPerSender);
        Assert.True(answers.Failures.IsEmpty,
            $"{answers.Failures.Count} wrong answers, the first ones:\n{string.Join("\n\n", answers.Failures.Take(15))}");

        await AssertStoredExactlyAsync(senders);
    }

    [Fact]
    public async Task A_body_over_the_size_limit_should_be_refused_with_413_not_5xx()
    {
        var oversized = Encoding.UTF8.GetBytes("{\"title\":\"" + new string('x', 2 * 1024 * 1024) + "\"}");
        foreach (var (service, method, path) in BodyEndpoints([]))
        {
            foreach (var chunked in new[] { false, true })
            {
                // A raw connection: the service answers as soon as it sees the body is too large and stops reading,
                // which a client still uploading only notices as a broken pipe.
                // Signed in as whoever may call the endpoint, so that only the body's size decides.
                var token = await TokenAsync(new Probe(service, method, path, null, null, true, [], "oversized"), new HostileRequests(0, Seed, new KnownIds()));
                var (status, contentType) = await RawHttp.SendAsync(Service(service).Port, method.Method, path, oversized, chunked, token);
                Assert.True(status is 413 or 400, $"{service} {method} {path} ({(chunked ? "chunked" : "with length")}) answered {status}");
                Assert.Equal("application/problem+json", contentType);
            }
        }
    }

    private async Task SendAsync(Probe probe, Answers answers, HostileRequests sender)
    {
        answers.Count(probe);
        using var request = probe.ToRequest();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(probe, sender));
        HttpResponseMessage response;
        try
        {
            response = await Service(probe.Service).Client.SendAsync(request);
        }
        catch (HttpRequestException exception)
        {
            answers.Fail($"no answer ({exception.Message}) to {probe}");
            return;
        }

        using (response)
        {
            var status = response.StatusCode;
            var body = await response.Content.ReadAsStringAsync();
            answers.Count(probe.Service, status);
            if ((int)status >= 500) answers.Fail($"{(int)status} for {probe}\n  → {Cut(body)}");
            else if (!probe.Expected.Contains(status))
                answers.Fail($"{(int)status} instead of {string.Join('/', probe.Expected.Select(e => (int)e))} for {probe}\n  → {Cut(body)}");
            // Kestrel itself refuses a NUL in the path, before any endpoint runs: a bare 400 is all it can give.
            else if (status == HttpStatusCode.BadRequest && response.Content.Headers.ContentType?.MediaType != "application/problem+json"
                && !probe.Path.Contains("%00", StringComparison.Ordinal))
                answers.Fail($"400 without problem details for {probe}\n  → {Cut(body)}");
            else if (probe.Valid) probe.Answered?.Invoke(body.Length > 0 ? JsonNode.Parse(body) : null);
        }
    }

    /// <summary>Courses, openings and agreements as the senders' models say, with the versions their changes reached; no placements.</summary>
    private async Task AssertStoredExactlyAsync(HostileRequests[] senders)
    {
        var courses = senders.SelectMany(s => s.Courses).ToDictionary(c => c.Id);
        var openings = senders.SelectMany(s => s.Openings).ToDictionary(o => o.Id, o => o.Version);
        var agreements = senders.SelectMany(s => s.Agreements).ToDictionary(id => id, _ => 1L);
        output.WriteLine($"Valid requests created {courses.Count} courses ({courses.Values.Count(c => c.Withdrawn)} withdrawn, " +
            $"{courses.Values.Sum(c => c.Version - 1)} changes), {openings.Count} openings ({openings.Values.Count(v => v > 1)} closed), " +
            $"{agreements.Count} agreements");

        var stored = await system.CoursesStoredAsync();
        Assert.Equal(courses.Keys.Order(), stored.Keys.Order());
        foreach (var course in courses.Values)
            Assert.Equal((course.Version, course.SeatsFree, course.Withdrawn),
                (stored[course.Id].Version, stored[course.Id].SeatsFree, stored[course.Id].Withdrawn));
        Assert.Equal(openings, await RunningSystem.VersionsAsync(system.EmployersDb, "openings"));
        Assert.Equal(agreements, await RunningSystem.VersionsAsync(system.EmployersDb, "agreements"));

        // One event per version: nothing was written for a refused request, not even to the outbox.
        Assert.Equal(courses.Values.Sum(c => c.Version), await RunningSystem.CountAsync(system.CoursesDb, "outbox_messages"));
        Assert.Equal(openings.Values.Sum() + agreements.Count, await RunningSystem.CountAsync(system.EmployersDb, "outbox_messages"));
        Assert.Equal(0, await RunningSystem.CountAsync(system.MatchingDb, "placements"));
        Assert.Equal(0, await RunningSystem.CountAsync(system.MatchingDb, "outbox_messages"));

        var courseVersions = courses.ToDictionary(c => c.Key, c => c.Value.Version);
        var took = await system.EventuallyAsync(async () =>
            Same(courseVersions, await RunningSystem.VersionsAsync(system.MatchingDb, "courses"))
            && Same(openings, await RunningSystem.VersionsAsync(system.MatchingDb, "openings"))
            && Same(agreements, await RunningSystem.VersionsAsync(system.MatchingDb, "agreements")),
            "the Matching service's projection holds exactly the created courses, openings and agreements", TimeSpan.FromSeconds(60));
        output.WriteLine($"Matching projection equal {took.TotalSeconds:0.0} s after the last request");
    }

    private static bool Same(Dictionary<Guid, long> expected, Dictionary<Guid, long> actual) =>
        expected.Count == actual.Count && expected.All(e => actual.TryGetValue(e.Key, out var version) && version == e.Value);

    private static IEnumerable<(string Service, HttpMethod Method, string Path)> BodyEndpoints(HostileRequests[] senders) =>
    [
        ("courses", HttpMethod.Post, "/courses"),
        ("courses", HttpMethod.Put, $"/courses/{senders.SelectMany(s => s.Courses).FirstOrDefault()?.Id ?? Guid.NewGuid()}/seats"),
        ("employers", HttpMethod.Post, "/openings"),
        ("employers", HttpMethod.Post, "/agreements"),
        ("matching", HttpMethod.Post, "/matches"),
        ("matching", HttpMethod.Post, "/placements"),
    ];

    /// <summary>Each sender acts as its own provider at Courses, its own employer at Employers (agreements as the city's
    /// coordinator), as a caseworker at Matching and as an admin at /admin: what a valid request needs, so that only the
    /// request's content decides.</summary>
    private Task<string> TokenAsync(Probe probe, HostileRequests sender) => probe.Service switch
    {
        _ when probe.Path.StartsWith("/admin/", StringComparison.Ordinal) => system.Identity.TokenAsync("admin"),
        "courses" => system.Identity.TokenAsync("provider", sender.ProviderId),
        "employers" when probe.Method == HttpMethod.Post && probe.Path.StartsWith("/agreements", StringComparison.Ordinal) =>
            system.Identity.TokenAsync("coordinator"),
        "employers" => system.Identity.TokenAsync("employer", sender.EmployerId),
        _ => system.Identity.TokenAsync("caseworker"),
    };

    private ServiceProcess Service(string name) => name switch
    {
        "courses" => system.Courses,
        "employers" => system.Employers,
        _ => system.Matching,
    };

    private static string Cut(string text) => text.Length <= 400 ? text : text[..400] + "…";

    private sealed class Answers
    {
        private int sent;
        private int valid;

        public int Sent => sent;

        public int Valid => valid;

        public ConcurrentDictionary<string, int> ByStatus { get; } = new();

        public ConcurrentQueue<string> Failures { get; } = new();

        public void Count(Probe probe)
        {
            Interlocked.Increment(ref sent);
            if (probe.Valid) Interlocked.Increment(ref valid);
        }

        public void Count(string service, HttpStatusCode status) => ByStatus.AddOrUpdate($"{service} {(int)status}", 1, (_, n) => n + 1);

        public void Fail(string failure) => Failures.Enqueue(failure);
    }

}
