using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Matching.Hosting.Security;
using Matching.Testing;

namespace Matching.SystemTests;

/// <summary>
/// Who may do what in the whole system, as one table: every endpoint of Courses, Employers and Matching, and the admin,
/// health and OpenAPI endpoints of each, against every kind of caller, signed in at the real identity service, over real
/// RabbitMQ. "Own" is the provider or employer of what a row acts on. A token that has expired, names another audience or
/// is signed by a key the identity service never had carries the claims of the caller the row admits, so only what is
/// wrong with the token refuses it. A refused request changes nothing in any service.
/// </summary>
[Collection(nameof(MatchingSystem))]
public sealed class WhoMayDoWhat(MatchingSystem system)
{
    /// <summary>The table's columns.</summary>
    private static readonly string[] Callers =
    [
        "anonymous", "provider own", "provider other", "employer own", "employer other", "caseworker", "coordinator", "admin",
        "expired token", "wrong audience", "other key",
    ];

    private static readonly (string Service, string Endpoint, int[] Status)[] Table =
    [
        //                                                 anon  prov  prov' empl  empl' case  coord admin exp   aud   key
        ("courses",   "POST /courses",                    [401,  201,  403,  403,  403,  403,  403,  403,  401,  401,  401]),
        ("courses",   "GET /courses?providerId=",         [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200]),
        ("courses",   "GET /courses/{id}",                [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200]),
        ("courses",   "PUT /courses/{id}/seats",          [401,  200,  403,  403,  403,  403,  403,  403,  401,  401,  401]),
        ("courses",   "DELETE /courses/{id}",             [401,  204,  403,  403,  403,  403,  403,  403,  401,  401,  401]),
        ("courses",   "GET /courses/{id}/reservations",   [401,  200,  403,  403,  403,  403,  200,  403,  401,  401,  401]),
        ("courses",   "GET /admin/errors",                [401,  403,  403,  403,  403,  403,  403,  200,  401,  401,  401]),
        ("courses",   "POST /admin/errors/replay",        [401,  403,  403,  403,  403,  403,  403,  200,  401,  401,  401]),
        ("courses",   "GET /admin/outbox",                [401,  403,  403,  403,  403,  403,  403,  200,  401,  401,  401]),
        ("courses",   "GET /admin/audit",                 [401,  403,  403,  403,  403,  403,  403,  200,  401,  401,  401]),
        ("courses",   "GET /health/live",                 [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200]),
        ("courses",   "GET /health/ready",                [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200]),
        ("courses",   "GET /openapi/v1.json",             [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200]),

        ("employers", "POST /openings",                   [401,  403,  403,  201,  403,  403,  403,  403,  401,  401,  401]),
        ("employers", "GET /openings?employerId=",        [401,  403,  403,  200,  403,  200,  200,  403,  401,  401,  401]),
        ("employers", "GET /openings/{id}",               [401,  403,  403,  200,  403,  200,  200,  403,  401,  401,  401]),
        ("employers", "PUT /openings/{id}/positions",     [401,  403,  403,  200,  403,  403,  403,  403,  401,  401,  401]),
        ("employers", "POST /openings/{id}/close",        [401,  403,  403,  200,  403,  403,  403,  403,  401,  401,  401]),
        ("employers", "POST /agreements",                 [401,  403,  403,  403,  403,  403,  201,  403,  401,  401,  401]),
        ("employers", "GET /agreements?employerId=",      [401,  403,  403,  200,  403,  200,  200,  403,  401,  401,  401]),
        ("employers", "GET /agreements/{id}",             [401,  403,  403,  200,  403,  200,  200,  403,  401,  401,  401]),
        ("employers", "GET /admin/errors",                [401,  403,  403,  403,  403,  403,  403,  200,  401,  401,  401]),
        ("employers", "POST /admin/errors/replay",        [401,  403,  403,  403,  403,  403,  403,  200,  401,  401,  401]),
        ("employers", "GET /admin/outbox",                [401,  403,  403,  403,  403,  403,  403,  200,  401,  401,  401]),
        ("employers", "GET /admin/audit",                 [401,  403,  403,  403,  403,  403,  403,  200,  401,  401,  401]),
        ("employers", "GET /health/live",                 [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200]),
        ("employers", "GET /health/ready",                [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200]),
        ("employers", "GET /openapi/v1.json",             [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200]),

        ("matching",  "POST /matches",                    [401,  403,  403,  403,  403,  200,  403,  403,  401,  401,  401]),
        ("matching",  "POST /matches/why-not",            [401,  403,  403,  403,  403,  200,  403,  403,  401,  401,  401]),
        ("matching",  "GET /finder/courses?place=",       [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200]),
        ("matching",  "POST /allocations",                [401,  403,  403,  403,  403,  200,  403,  403,  401,  401,  401]),
        ("matching",  "POST /placements",                 [401,  403,  403,  403,  403,  202,  403,  403,  401,  401,  401]),
        ("matching",  "GET /placements?reference=",       [401,  403,  403,  403,  403,  200,  200,  403,  401,  401,  401]),
        ("matching",  "GET /placements?openingId=",       [401,  403,  403,  200,  403,  200,  200,  403,  401,  401,  401]),
        ("matching",  "GET /placements/{id}",             [401,  403,  403,  403,  403,  200,  200,  403,  401,  401,  401]),
        ("matching",  "POST /placements/{id}/confirm",    [401,  403,  403,  403,  403,  200,  403,  403,  401,  401,  401]),
        ("matching",  "POST /placements/{id}/cancel",     [401,  403,  403,  403,  403,  200,  403,  403,  401,  401,  401]),
        ("matching",  "DELETE /people/{reference}",       [401,  403,  403,  403,  403,  202,  403,  403,  401,  401,  401]),
        ("matching",  "GET /erasures/{id}",               [401,  403,  403,  403,  403,  200,  403,  403,  401,  401,  401]),
        ("matching",  "GET /reports/demand",              [401,  403,  403,  403,  403,  403,  200,  403,  401,  401,  401]),
        ("matching",  "GET /reports/supply",              [401,  403,  403,  403,  403,  403,  200,  403,  401,  401,  401]),
        ("matching",  "GET /reports/agreements",          [401,  403,  403,  403,  403,  403,  200,  403,  401,  401,  401]),
        ("matching",  "GET /reports/placements",          [401,  403,  403,  403,  403,  403,  200,  403,  401,  401,  401]),
        ("matching",  "GET /reports/fairness",            [401,  403,  403,  403,  403,  403,  200,  403,  401,  401,  401]),
        ("matching",  "GET /admin/errors",                [401,  403,  403,  403,  403,  403,  403,  200,  401,  401,  401]),
        ("matching",  "POST /admin/errors/replay",        [401,  403,  403,  403,  403,  403,  403,  200,  401,  401,  401]),
        ("matching",  "GET /admin/outbox",                [401,  403,  403,  403,  403,  403,  403,  200,  401,  401,  401]),
        ("matching",  "GET /admin/audit",                 [401,  403,  403,  403,  403,  403,  403,  200,  401,  401,  401]),
        ("matching",  "GET /health/live",                 [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200]),
        ("matching",  "GET /health/ready",                [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200]),
        ("matching",  "GET /openapi/v1.json",             [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200]),
    ];

    /// <summary>What each service's refusal of a bad token says it found wrong (<c>WWW-Authenticate: Bearer error_description</c>).</summary>
    private static readonly Dictionary<string, string> Refusals = new()
    {
        ["expired token"] = "expired",
        ["wrong audience"] = "audience",
        ["other key"] = "signature",
    };

    private static readonly ConditionalWeakTable<MatchingSystem, Task<Scene>> Scenes = new();

    public static TheoryData<string, string, string, int> Cells()
    {
        var cells = new TheoryData<string, string, string, int>();
        foreach (var (service, endpoint, statuses) in Table)
            for (var i = 0; i < Callers.Length; i++) cells.Add(service, endpoint, Callers[i], statuses[i]);
        return cells;
    }

    [Fact]
    public void The_table_should_have_a_status_for_every_caller_and_a_row_for_every_endpoint_once()
    {
        Assert.All(Table, row => Assert.Equal(Callers.Length, row.Status.Length));
        Assert.Equal(Table.Length, Table.Select(row => (row.Service, row.Endpoint)).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Each_caller_should_get_the_answer_of_the_table(string service, string endpoint, string caller, int status)
    {
        var scene = await SceneAsync();
        // A person of the cell's own: a placement requested here is the only one of its reference.
        var reference = $"who-{scene.Offer.Occupation}-{service}-{endpoint}-{caller}";
        var before = status >= 400 ? await scene.StateAsync(reference) : null;
        using var request = scene.Request(endpoint, reference);
        request.Headers.Authorization = await scene.AuthorizationAsync(caller, Admitted(service, endpoint));

        using var response = await Service(service).Client.SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"{caller}: {service} {endpoint} answered {(int)response.StatusCode}, the table says {status}: {body}");
        if (status is 401 or 403) Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (status == 401)
        {
            var challenge = Assert.Single(response.Headers.WwwAuthenticate);
            Assert.Equal("Bearer", challenge.Scheme);
            if (Refusals.TryGetValue(caller, out var why))
            {
                Assert.Contains("invalid_token", challenge.Parameter);
                Assert.Contains(why, challenge.Parameter, StringComparison.OrdinalIgnoreCase);
            }
        }

        if (status >= 400) Assert.Equal(before, await scene.StateAsync(reference));
        // A placement requested here reserves its seat over the bus, which the Courses service audits: waited for, so that
        // the audit entry cannot land within a later cell's look at what its refused request changed.
        if (status == 202 && endpoint == "POST /placements")
            await new Caseworker(system).SettledAsync([(string)JsonNode.Parse(body)!["id"]!], 90);
    }

    [Fact]
    public async Task A_token_remade_with_the_identity_services_own_key_and_claims_should_be_accepted()
    {
        // What makes the three bad-token columns mean something: the same remaking, with nothing changed, is a good token.
        var scene = await SceneAsync();
        var remade = await system.Identity.AlteredTokenAsync(Roles.Caseworker, null, _ => { });
        using var request = scene.Request("GET /placements/{id}", "");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", remade);

        using var response = await system.Matching.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_coordinator_should_read_placements_without_their_history_and_an_employer_only_pseudonym_and_state()
    {
        var scene = await SceneAsync();
        var caseworker = await system.AsCaseworkerAsync();
        var coordinator = await system.AsAsync(system.Matching, Roles.Coordinator);
        var employer = await system.AsAsync(system.Matching, Roles.Employer, scene.Offer.Employer);

        var seenByCaseworker = (await caseworker.GetFromJsonAsync<JsonObject>($"/placements/{scene.ReadPlacement}"))!;
        var seenByCoordinator = (await coordinator.GetFromJsonAsync<JsonObject>($"/placements/{scene.ReadPlacement}"))!;
        var intoOpening = (await employer.GetFromJsonAsync<JsonArray>($"/placements?openingId={scene.Offer.OpeningId}"))!;

        Assert.Equal(["requested", "reserved"], Caseworker.History(seenByCaseworker));
        Assert.Null(seenByCoordinator["history"]);
        Assert.Equal(("reserved", Roles.Caseworker), ((string?)seenByCoordinator["state"], (string?)seenByCoordinator["requestedBy"]));
        var shown = Assert.Single(intoOpening, placement => (string?)placement!["id"] == scene.ReadPlacement)!.AsObject();
        Assert.Equal(["id", "reference", "state"], shown.Select(property => property.Key).Order().ToArray());
    }

    /// <summary>The caller whose claims the bad tokens of a row carry: the first the row admits, a caseworker where it admits anyone.</summary>
    private static string Admitted(string service, string endpoint)
    {
        var statuses = Table.Single(row => row.Service == service && row.Endpoint == endpoint).Status;
        if (statuses[0] is >= 200 and < 300) return "caseworker";
        return Callers[Enumerable.Range(1, 7).First(i => statuses[i] is >= 200 and < 300)];
    }

    private ServiceProcess Service(string name) => name switch
    {
        "courses" => system.Courses,
        "employers" => system.Employers,
        _ => system.Matching,
    };

    private Task<Scene> SceneAsync() => Scenes.GetValue(system, Scene.SetUpAsync);

    /// <summary>
    /// What the cells act on, made once per running system: an offer (course, opening, agreement) the Matching service
    /// knows, three placements of it that are reserved (one to read, one to confirm, one to cancel), and a course and an
    /// opening of the offer's provider and employer for each change that ends them.
    /// </summary>
    private sealed class Scene
    {
        private readonly MatchingSystem system;
        private readonly string otherEmployer;
        private readonly DateTimeOffset since;

        private Scene(MatchingSystem system, Offer offer, string otherEmployer, DateTimeOffset since)
        {
            this.system = system;
            this.otherEmployer = otherEmployer;
            this.since = since;
            Offer = offer;
        }

        public Offer Offer { get; }

        public string SeatsCourse { get; private init; } = "";

        public string WithdrawnCourse { get; private init; } = "";

        public string PositionsOpening { get; private init; } = "";

        public string ClosedOpening { get; private init; } = "";

        public string ReadPlacement { get; private init; } = "";

        public string ConfirmedPlacement { get; private init; } = "";

        public string CancelledPlacement { get; private init; } = "";

        public string Erasure { get; private init; } = "";

        public static async Task<Scene> SetUpAsync(MatchingSystem system)
        {
            var caseworker = new Caseworker(system);
            var offer = await caseworker.PublishOfferAsync(seatsFree: 10, positions: 10, quota: 10);
            var provider = await system.AsProviderAsync();
            var employer = await system.AsEmployerAsync(offer.Employer);
            var placements = new List<string>();
            foreach (var purpose in new[] { "read", "confirm", "cancel" })
            {
                placements.Add(await caseworker.PlaceAsync(new
                {
                    reference = $"who-{offer.Occupation}-{purpose}", courseId = offer.CourseId, openingId = offer.OpeningId, agreementId = offer.AgreementId,
                }));
            }

            foreach (var placement in placements) await caseworker.WaitForAsync(placement, "reserved");
            return new Scene(system, offer, system.NewEmployer(), DateTimeOffset.UtcNow.AddSeconds(-1))
            {
                SeatsCourse = await CreateAsync(provider, "/courses", Course()),
                WithdrawnCourse = await CreateAsync(provider, "/courses", Course()),
                PositionsOpening = await CreateAsync(employer, "/openings", Opening(offer)),
                ClosedOpening = await CreateAsync(employer, "/openings", Opening(offer)),
                ReadPlacement = placements[0],
                ConfirmedPlacement = placements[1],
                CancelledPlacement = placements[2],
                Erasure = await EraseAsync(await system.AsCaseworkerAsync(), $"who-{offer.Occupation}-erased"),
            };
        }

        /// <summary>The request of a row, on what it acts on.</summary>
        public HttpRequestMessage Request(string endpoint, string reference)
        {
            var method = new HttpMethod(endpoint.Split(' ')[0]);
            (string Path, object? Body) request = endpoint switch
            {
                "POST /courses" => ("/courses", Course()),
                "GET /courses?providerId=" => ($"/courses?providerId={MatchingSystem.Provider}", null),
                "GET /courses/{id}" => ($"/courses/{Offer.CourseId}", null),
                "PUT /courses/{id}/seats" => ($"/courses/{SeatsCourse}/seats", new { seatsFree = 3 }),
                "DELETE /courses/{id}" => ($"/courses/{WithdrawnCourse}", null),
                "GET /courses/{id}/reservations" => ($"/courses/{Offer.CourseId}/reservations", null),
                "POST /openings" => ("/openings", Opening(Offer)),
                "GET /openings?employerId=" => ($"/openings?employerId={Offer.Employer}", null),
                "GET /openings/{id}" => ($"/openings/{Offer.OpeningId}", null),
                "PUT /openings/{id}/positions" => ($"/openings/{PositionsOpening}/positions", new { positionsLeft = 2 }),
                "POST /openings/{id}/close" => ($"/openings/{ClosedOpening}/close", null),
                "POST /agreements" => ("/agreements", Agreement(Offer)),
                "GET /agreements?employerId=" => ($"/agreements?employerId={Offer.Employer}", null),
                "GET /agreements/{id}" => ($"/agreements/{Offer.AgreementId}", null),
                "POST /matches" => ("/matches", Person(reference)),
                "POST /matches/why-not" => ("/matches/why-not", new { person = Person(reference), courseId = Offer.CourseId }),
                "GET /finder/courses?place=" => ("/finder/courses?place=Hochfeld&level=A1", null),
                "POST /allocations" => ("/allocations", new { people = new[] { Person(reference) }, timeLimitSeconds = 5 }),
                "POST /placements" => ("/placements", new { reference, courseId = Offer.CourseId }),
                "GET /placements?reference=" => ($"/placements?reference={Uri.EscapeDataString($"who-{Offer.Occupation}-read")}", null),
                "GET /placements?openingId=" => ($"/placements?openingId={Offer.OpeningId}", null),
                "GET /placements/{id}" => ($"/placements/{ReadPlacement}", null),
                "POST /placements/{id}/confirm" => ($"/placements/{ConfirmedPlacement}/confirm", null),
                "POST /placements/{id}/cancel" => ($"/placements/{CancelledPlacement}/cancel", null),
                "DELETE /people/{reference}" => ($"/people/{Uri.EscapeDataString(reference)}", null),
                "GET /erasures/{id}" => ($"/erasures/{Erasure}", null),
                _ when endpoint.StartsWith("GET /reports/", StringComparison.Ordinal) => (endpoint.Split(' ')[1], null),
                _ when endpoint.Contains(" /admin/") || endpoint.Contains(" /health/") || endpoint.Contains(" /openapi/") => (endpoint.Split(' ')[1], null),
                _ => throw new ArgumentException($"No request for {endpoint}", nameof(endpoint)),
            };
            return new HttpRequestMessage(method, request.Path) { Content = request.Body is null ? null : JsonContent.Create(request.Body) };
        }

        /// <summary>The Authorization header of the column: none, a token of the identity service, or one it never issued.</summary>
        /// <param name="admitted">The column whose claims a bad token carries.</param>
        public async Task<AuthenticationHeaderValue?> AuthorizationAsync(string caller, string admitted)
        {
            if (caller == "anonymous") return null;
            var token = caller switch
            {
                "expired token" => await AlteredAsync(admitted, claims =>
                {
                    var expired = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds();
                    claims["exp"] = expired;
                    claims["iat"] = expired - 3600;
                    claims["nbf"] = expired - 3600;
                }),
                "wrong audience" => await AlteredAsync(admitted, claims => claims["aud"] = "another-api"),
                "other key" => await AlteredAsync(admitted, _ => { }, signedByAnotherKey: true),
                _ => await TokenAsync(caller),
            };
            return new AuthenticationHeaderValue("Bearer", token);
        }

        /// <summary>
        /// Everything a refused request could have changed, read signed in: the changeable course and openings, how many
        /// courses, openings and agreements the owners have, the placements, the person's placements and every audit log.
        /// </summary>
        public async Task<string> StateAsync(string reference)
        {
            var provider = await system.AsProviderAsync();
            var employers = await system.AsCaseworkerAsync(system.Employers);
            var matching = await system.AsCaseworkerAsync();
            var audit = $"/admin/audit?since={Uri.EscapeDataString(since.ToString("O"))}";
            var parts = await Task.WhenAll(
                ReadAsync(provider, $"/courses/{SeatsCourse}"),
                ReadAsync(provider, $"/courses/{WithdrawnCourse}"),
                TotalAsync(provider, $"/courses?providerId={MatchingSystem.Provider}"),
                ReadAsync(employers, $"/openings/{PositionsOpening}"),
                ReadAsync(employers, $"/openings/{ClosedOpening}"),
                TotalAsync(employers, $"/openings?employerId={Offer.Employer}"),
                TotalAsync(employers, $"/agreements?employerId={Offer.Employer}"),
                ReadAsync(matching, $"/placements/{ReadPlacement}"),
                ReadAsync(matching, $"/placements/{ConfirmedPlacement}"),
                ReadAsync(matching, $"/placements/{CancelledPlacement}"),
                ReadAsync(matching, $"/placements?reference={Uri.EscapeDataString(reference)}"),
                CountAsync(await system.AsAsync(system.Courses, Roles.Admin), audit),
                CountAsync(await system.AsAsync(system.Employers, Roles.Admin), audit),
                CountAsync(await system.AsAsync(system.Matching, Roles.Admin), audit));
            return string.Join('\n', parts);
        }

        private Task<string> TokenAsync(string caller) => caller switch
        {
            "provider own" => system.Identity.TokenAsync(Roles.Provider, MatchingSystem.Provider),
            "provider other" => system.Identity.TokenAsync(Roles.Provider, MatchingSystem.OtherProvider),
            "employer own" => system.Identity.TokenAsync(Roles.Employer, Offer.Employer),
            "employer other" => system.Identity.TokenAsync(Roles.Employer, otherEmployer),
            _ => system.Identity.TokenAsync(caller),
        };

        private Task<string> AlteredAsync(string caller, Action<JsonObject> change, bool signedByAnotherKey = false) => caller switch
        {
            "provider own" => system.Identity.AlteredTokenAsync(Roles.Provider, MatchingSystem.Provider, change, signedByAnotherKey),
            "employer own" => system.Identity.AlteredTokenAsync(Roles.Employer, Offer.Employer, change, signedByAnotherKey),
            _ => system.Identity.AlteredTokenAsync(caller, null, change, signedByAnotherKey),
        };

        private static async Task<string> ReadAsync(HttpClient client, string path)
        {
            using var response = await client.GetAsync(path);
            return $"{path}: {(int)response.StatusCode} {response.Headers.ETag} {await response.Content.ReadAsStringAsync()}";
        }

        private static async Task<string> TotalAsync(HttpClient client, string path)
        {
            using var response = await client.GetAsync(path);
            return $"{path}: {(int)response.StatusCode} {string.Join(',', response.Headers.TryGetValues("X-Total-Count", out var total) ? total : [])}";
        }

        private static async Task<string> CountAsync(HttpClient client, string path)
        {
            using var response = await client.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            return $"{client.BaseAddress}{path}: {(int)response.StatusCode} {(response.IsSuccessStatusCode ? JsonNode.Parse(body)!.AsArray().Count : body)}";
        }

        private static async Task<string> EraseAsync(HttpClient client, string reference)
        {
            using var response = await client.DeleteAsync($"/people/{Uri.EscapeDataString(reference)}");
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"DELETE /people/{{reference}} answered {(int)response.StatusCode}: {text}");
            return (string)JsonNode.Parse(text)!["id"]!;
        }

        private static async Task<string> CreateAsync(HttpClient client, string path, object body)
        {
            using var response = await client.PostAsJsonAsync(path, body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {path} answered {(int)response.StatusCode}: {text}");
            return (string)JsonNode.Parse(text)!["id"]!;
        }

        // Far from the offers of the other tests: a course in Essen at C1 and an opening at C2 no person of theirs reaches.
        private static object Course() => new
        {
            providerId = MatchingSystem.Provider, title = "Fachsprachkurs C1-C2", kind = "specialised", levelFrom = "C1", levelTo = "C2",
            location = new { place = "Essen" }, online = false, startsOn = "2027-03-01", endsOn = "2027-09-30",
            hoursPerWeek = 10, schedule = "evening", childcare = false, seatsTotal = 12, seatsFree = 12,
        };

        private static object Opening(Offer offer) => new
        {
            employerId = offer.Employer, title = "Lagerhelfer/in", occupation = offer.Occupation, location = new { place = "Essen" },
            minLevel = "C2", positions = 4, startsOn = "2027-08-01", hoursPerWeek = 38, languageSupport = false,
        };

        private static object Agreement(Offer offer) => new
        {
            employerId = offer.Employer, occupations = new[] { offer.Occupation }, minLevel = "C1", quota = 1,
            validFrom = "2027-01-01", validTo = "2027-12-31",
        };

        private object Person(string reference) => new
        {
            reference, level = "B1", location = new { place = "Meiderich" }, maxDistanceKm = 25, availableFrom = "2027-01-04",
            occupations = new[] { Offer.Occupation }, limit = 10,
        };
    }
}
