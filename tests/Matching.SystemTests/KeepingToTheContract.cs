using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Matching.Hosting.Security;
using Matching.Testing;
using Xunit.Abstractions;

namespace Matching.SystemTests;

/// <summary>
/// The OpenAPI documents describe the requests the services take and the answers they give: valid requests to every
/// documented endpoint of Courses, Employers and Matching, signed in as whoever may send them, pass through a
/// contract-validating proxy (Stoplight Prism) in front of each service, and the proxy finds nothing wrong with a request
/// or its answer. The proxy is seen to find what is wrong with an invalid request, so that its silence means something.
/// </summary>
[Collection(nameof(MatchingSystem))]
public sealed class KeepingToTheContract(MatchingSystem system, ITestOutputHelper output)
{
    // An occupation of this test's own, so that its offer shows up in no other test's suggestions.
    private const string Occupation = "8189";

    [Fact]
    public async Task Valid_requests_to_every_endpoint_should_meet_the_documents_with_no_violations()
    {
        await using var courses = await ContractProxy.StartAsync(system.Courses);
        await using var employers = await ContractProxy.StartAsync(system.Employers);
        await using var matching = await ContractProxy.StartAsync(system.Matching);
        var traffic = new Traffic(system);
        var employer = system.NewEmployer();
        const string provider = MatchingSystem.Provider;

        // Courses: a course at a place, an online one without a location.
        var course = await traffic.SendAsync(courses, "POST /courses", Roles.Provider, provider, HttpStatusCode.Created, body: new
        {
            providerId = provider, title = "Berufssprachkurs B1-B2 (Vertrag)", kind = "job-related", levelFrom = "B1", levelTo = "B2",
            location = new { place = "Hochfeld", postalCode = "47053" }, online = false, startsOn = "2027-02-01", endsOn = "2027-06-30",
            hoursPerWeek = 20, schedule = "morning", childcare = true, seatsTotal = 20, seatsFree = 8,
        });
        var courseId = (string)course["id"]!;
        var online = await traffic.SendAsync(courses, "POST /courses", Roles.Provider, provider, HttpStatusCode.Created, body: new
        {
            providerId = provider, title = "Deutsch online A2", kind = "other", levelFrom = "A1", levelTo = "A2", online = true,
            startsOn = "2027-03-01", endsOn = "2027-05-31", hoursPerWeek = 10, schedule = "evening", seatsTotal = 30, seatsFree = 30,
        });
        await traffic.SendAsync(courses, "GET /courses", null, null, HttpStatusCode.OK, path: $"/courses?providerId={provider}&page=1&pageSize=10");
        var (_, etag) = await traffic.SendWithETagAsync(courses, "GET /courses/{id}", HttpStatusCode.OK, $"/courses/{courseId}");
        await traffic.SendAsync(courses, "PUT /courses/{id}/seats", Roles.Provider, provider, HttpStatusCode.OK,
            path: $"/courses/{courseId}/seats", body: new { seatsFree = 6 }, ifMatch: etag);
        await traffic.SendAsync(courses, "DELETE /courses/{id}", Roles.Provider, provider, HttpStatusCode.NoContent, path: $"/courses/{online["id"]}");

        // Employers: an opening at coordinates, one to close, and the city's agreement.
        var opening = await traffic.SendAsync(employers, "POST /openings", Roles.Employer, employer, HttpStatusCode.Created, body: new
        {
            employerId = employer, title = "Maschinenführer/in", occupation = Occupation,
            location = new { lat = 51.4, lon = 6.72, address = "Am Hafen 1" }, minLevel = "C1", positions = 4,
            startsOn = "2027-08-01", hoursPerWeek = 38, languageSupport = true,
        });
        var openingId = (string)opening["id"]!;
        var closing = await traffic.SendAsync(employers, "POST /openings", Roles.Employer, employer, HttpStatusCode.Created, body: new
        {
            employerId = employer, title = "Helfer/in", occupation = Occupation, location = new { place = "Rheinhausen" }, minLevel = "A2",
            positions = 1, startsOn = "2027-09-01", hoursPerWeek = 30,
        });
        await traffic.SendAsync(employers, "GET /openings", Roles.Employer, employer, HttpStatusCode.OK, path: $"/openings?employerId={employer}");
        await traffic.SendAsync(employers, "GET /openings/{id}", Roles.Employer, employer, HttpStatusCode.OK, path: $"/openings/{openingId}");
        await traffic.SendAsync(employers, "PUT /openings/{id}/positions", Roles.Employer, employer, HttpStatusCode.OK,
            path: $"/openings/{openingId}/positions", body: new { positionsLeft = 3 });
        await traffic.SendAsync(employers, "POST /openings/{id}/close", Roles.Employer, employer, HttpStatusCode.OK, path: $"/openings/{closing["id"]}/close");
        var agreement = await traffic.SendAsync(employers, "POST /agreements", Roles.Coordinator, null, HttpStatusCode.Created, body: new
        {
            employerId = employer, occupations = new[] { Occupation[..2] }, minLevel = "B2", quota = 5,
            validFrom = "2027-01-01", validTo = "2027-12-31",
        });
        var agreementId = (string)agreement["id"]!;
        await traffic.SendAsync(employers, "GET /agreements", Roles.Employer, employer, HttpStatusCode.OK, path: $"/agreements?employerId={employer}");
        await traffic.SendAsync(employers, "GET /agreements/{id}", Roles.Employer, employer, HttpStatusCode.OK, path: $"/agreements/{agreementId}");

        // Matching: once the offer has arrived over the bus.
        var person = new
        {
            reference = "contract-" + Occupation, level = "B1", location = new { lat = 51.47, lon = 6.78 }, maxDistanceKm = 30,
            availableFrom = "2027-01-04", schedules = new[] { "morning" }, needsChildcare = true, occupations = new[] { Occupation }, limit = 20,
        };
        await system.EventuallyAsync(async () => (await system.SuggestionsAsync(person)).Any(s =>
            (string?)s!["course"]?["id"] == courseId && (string?)s["opening"]?["id"] == openingId && (string?)s["agreement"]?["id"] == agreementId),
            "the course, the opening and the agreement are suggested together");
        await traffic.SendAsync(matching, "POST /matches", Roles.Caseworker, null, HttpStatusCode.OK, body: person);
        await traffic.SendAsync(matching, "POST /matches", Roles.Caseworker, null, HttpStatusCode.OK,
            body: new { reference = "contract-minimal", level = "A2", location = new { place = "Meiderich" } });
        await traffic.SendAsync(matching, "POST /matches/why-not", Roles.Caseworker, null, HttpStatusCode.OK,
            body: new { person = new { reference = "contract-why", level = "A1", location = new { place = "Meiderich" } }, courseId });
        await traffic.SendAsync(matching, "GET /finder/courses", null, null, HttpStatusCode.OK, path: "/finder/courses?place=Hochfeld&level=B1&childcare=true");
        await traffic.SendAsync(matching, "POST /allocations", Roles.Caseworker, null, HttpStatusCode.OK, body: new
        {
            people = new object[] { person, new { reference = "contract-cohort", level = "A2", location = new { place = "Hochfeld" } } },
            timeLimitSeconds = 10,
        });

        var placement = await traffic.SendAsync(matching, "POST /placements", Roles.Caseworker, null, HttpStatusCode.Accepted,
            body: new { reference = person.reference, courseId, openingId, agreementId });
        var placementId = (string)placement["id"]!;
        await system.EventuallyAsync(async () => (string?)(await (await system.AsCaseworkerAsync()).GetFromJsonAsync<JsonObject>($"/placements/{placementId}"))!["state"] == "reserved",
            "the placement is reserved");
        await traffic.SendAsync(matching, "GET /placements/{id}", Roles.Caseworker, null, HttpStatusCode.OK, path: $"/placements/{placementId}");
        await traffic.SendAsync(matching, "POST /placements/{id}/confirm", Roles.Caseworker, null, HttpStatusCode.OK, path: $"/placements/{placementId}/confirm");
        await traffic.SendAsync(matching, "GET /placements", Roles.Caseworker, null, HttpStatusCode.OK, path: $"/placements?reference={person.reference}");
        await traffic.SendAsync(matching, "GET /placements", Roles.Employer, employer, HttpStatusCode.OK, path: $"/placements?openingId={openingId}&page=1&pageSize=10");
        await traffic.SendAsync(courses, "GET /courses/{id}/reservations", Roles.Provider, provider, HttpStatusCode.OK, path: $"/courses/{courseId}/reservations");
        await traffic.SendAsync(matching, "POST /placements/{id}/cancel", Roles.Caseworker, null, HttpStatusCode.OK, path: $"/placements/{placementId}/cancel");
        foreach (var report in new[] { "demand", "supply", "agreements", "placements", "fairness" })
            await traffic.SendAsync(matching, $"GET /reports/{report}", Roles.Coordinator, null, HttpStatusCode.OK);
        var erasure = await traffic.SendAsync(matching, "DELETE /people/{reference}", Roles.Caseworker, null, HttpStatusCode.Accepted, path: "/people/contract-erased");
        await traffic.SendAsync(matching, "GET /erasures/{id}", Roles.Caseworker, null, HttpStatusCode.OK, path: $"/erasures/{erasure["id"]}");

        // What every service has for operations.
        foreach (var proxy in new[] { courses, employers, matching })
        {
            await traffic.SendAsync(proxy, "GET /admin/errors", Roles.Admin, null, HttpStatusCode.OK);
            await traffic.SendAsync(proxy, "POST /admin/errors/replay", Roles.Admin, null, HttpStatusCode.OK);
            await traffic.SendAsync(proxy, "GET /admin/outbox", Roles.Admin, null, HttpStatusCode.OK);
            await traffic.SendAsync(proxy, "GET /admin/audit", Roles.Admin, null, HttpStatusCode.OK, path: $"/admin/audit?since={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-1).ToString("O"))}");
        }

        output.WriteLine($"{traffic.Sent} requests through the proxies");
        Assert.True(traffic.Violations.Count == 0,
            $"The proxies found {traffic.Violations.Count} answers or requests that break the documents:\n{string.Join('\n', traffic.Violations)}" +
            $"\n--- courses proxy ---\n{courses.Log}\n--- employers proxy ---\n{employers.Log}\n--- matching proxy ---\n{matching.Log}");

        var undocumented = new List<string>();
        foreach (var (proxy, service) in new[] { (courses, system.Courses), (employers, system.Employers), (matching, system.Matching) })
            undocumented.AddRange((await OperationsAsync(service)).Where(operation => !traffic.Covered.Contains((proxy, operation))).Select(o => $"{service.Client.BaseAddress} {o}"));
        Assert.True(undocumented.Count == 0, $"No valid request was sent to these documented operations; add one here:\n{string.Join('\n', undocumented)}");
    }

    [Fact]
    public async Task A_request_that_breaks_the_document_should_be_reported_by_the_proxy()
    {
        await using var matching = await ContractProxy.StartAsync(system.Matching);
        using var client = new HttpClient { BaseAddress = matching.Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await system.Identity.TokenAsync(Roles.Caseworker));

        // No reference, and a location with only half its coordinates.
        using var response = await client.PostAsJsonAsync("/matches", new { level = "A2", location = new { lat = 51.4 } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var violations = response.Headers.TryGetValues("sl-violations", out var values) ? string.Join(' ', values) : "";
        Assert.Contains("reference", violations);
        Assert.Contains("location", violations);
    }

    /// <summary>Every operation of the service's document, as <c>METHOD /path/{template}</c>.</summary>
    private static async Task<string[]> OperationsAsync(ServiceProcess service)
    {
        var document = JsonNode.Parse(await service.Client.GetStringAsync("/openapi/v1.json"))!;
        return document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject()
                .Where(operation => operation.Key is "get" or "post" or "put" or "delete" or "patch")
                .Select(operation => $"{operation.Key.ToUpperInvariant()} {path.Key}"))
            .ToArray();
    }

    /// <summary>Requests through the proxies, each signed in as the caller given, and what the proxies found wrong.</summary>
    private sealed class Traffic(MatchingSystem system)
    {
        public List<string> Violations { get; } = [];

        public HashSet<(ContractProxy, string)> Covered { get; } = [];

        public int Sent { get; private set; }

        /// <summary>Sends a valid request for <paramref name="operation"/> (<c>METHOD /template</c>, also the path when none is given), expects
        /// <paramref name="expected"/>, and returns the JSON answer (an empty object when there is none).</summary>
        public async Task<JsonObject> SendAsync(ContractProxy proxy, string operation, string? role, string? organisation, HttpStatusCode expected,
            string? path = null, object? body = null, string? ifMatch = null)
        {
            var (answer, _) = await SendCoreAsync(proxy, operation, role, organisation, expected, path, body, ifMatch);
            return answer;
        }

        /// <summary>An anonymous GET, returning the answer's ETag too.</summary>
        public Task<(JsonObject Answer, string? ETag)> SendWithETagAsync(ContractProxy proxy, string operation, HttpStatusCode expected, string path) =>
            SendCoreAsync(proxy, operation, null, null, expected, path, null, null);

        private async Task<(JsonObject, string?)> SendCoreAsync(ContractProxy proxy, string operation, string? role, string? organisation,
            HttpStatusCode expected, string? path, object? body, string? ifMatch)
        {
            var method = new HttpMethod(operation[..operation.IndexOf(' ')]);
            using var request = new HttpRequestMessage(method, new Uri(proxy.Address, path ?? operation[(operation.IndexOf(' ') + 1)..]));
            if (role is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await system.Identity.TokenAsync(role, organisation));
            if (body is not null) request.Content = JsonContent.Create(body);
            if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            using var client = new HttpClient();
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Sent++;
            Covered.Add((proxy, operation));

            Assert.True(response.StatusCode == expected,
                $"{operation} ({request.RequestUri}) answered {(int)response.StatusCode}, not {(int)expected}: {text}");
            if (response.Headers.TryGetValues("sl-violations", out var violations))
                Violations.Add($"{method} {request.RequestUri!.PathAndQuery}: {string.Join(' ', violations)}");
            var answer = text.StartsWith('{') ? JsonNode.Parse(text)!.AsObject() : [];
            return (answer, response.Headers.ETag?.ToString());
        }
    }
}
