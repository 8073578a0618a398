using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Matching.Api.Tests.Placements;
using Matching.Contracts;
using Matching.Hosting.Security;
using Matching.Testing;

namespace Matching.Api.Tests;

/// <summary>
/// Who may do what in the Matching service, as one table: every endpoint against every kind of caller. Caseworkers ask
/// for matches and allocations and request, read, confirm and cancel placements; coordinators read placements but never
/// their history; an employer sees the placements into its own openings, pseudonym and state only; admins only the
/// /admin endpoints; providers nothing here. A token that has expired, names another audience or is signed by a key the
/// service does not know is no token at all. Each cell has an offer of its own and a reserved placement into its opening.
/// </summary>
public sealed class WhoMayDoWhat(PlacementsApp app) : IClassFixture<PlacementsApp>
{
    /// <summary>In the table: any answer but 401 and 403 (what the error queues answer depends on the broker, not on who asks).</summary>
    private const int Admitted = 0;

    /// <summary>The table's columns: who asks, given the cell's offer.</summary>
    private static readonly (string Caller, Func<Offer, string?> Token)[] Callers =
    [
        ("anonymous", _ => null),
        ("provider", offer => Tokens.Provider(offer.Course.ProviderId)),
        ("employer own", offer => Tokens.Employer(offer.Opening.EmployerId)),
        ("employer other", _ => Tokens.Employer("stahl-nord")),
        ("caseworker", _ => Tokens.Caseworker()),
        ("coordinator", _ => Tokens.Coordinator()),
        ("admin", _ => Tokens.Admin()),
        // A caseworker's, so that only what is wrong with the token can refuse it.
        ("expired token", _ => Tokens.For(Roles.Caseworker, lifetime: TimeSpan.FromMinutes(-10))),
        ("wrong audience", _ => Tokens.For(Roles.Caseworker, audience: "another-api")),
        ("other key", _ => Tokens.For(Roles.Caseworker, otherKey: true)),
    ];

    private static readonly (string Endpoint, int[] Status)[] Table =
    [
        //                                  anon  prov  empl  empl' case  coord admin      exp   aud   key
        ("POST /matches",                  [401,  403,  403,  403,  200,  403,  403,       401,  401,  401]),
        ("POST /matches/why-not",          [401,  403,  403,  403,  200,  403,  403,       401,  401,  401]),
        ("POST /allocations",              [401,  403,  403,  403,  200,  403,  403,       401,  401,  401]),
        ("POST /placements",               [401,  403,  403,  403,  202,  403,  403,       401,  401,  401]),
        ("GET /placements/{id}",           [401,  403,  403,  403,  200,  200,  403,       401,  401,  401]),
        ("GET /placements?reference=",     [401,  403,  403,  403,  200,  200,  403,       401,  401,  401]),
        ("GET /placements?openingId=",     [401,  403,  200,  403,  200,  200,  403,       401,  401,  401]),
        ("POST /placements/{id}/confirm",  [401,  403,  403,  403,  200,  403,  403,       401,  401,  401]),
        ("POST /placements/{id}/cancel",   [401,  403,  403,  403,  200,  403,  403,       401,  401,  401]),
        ("GET /admin/outbox",              [401,  403,  403,  403,  403,  403,  200,       401,  401,  401]),
        ("GET /admin/audit",               [401,  403,  403,  403,  403,  403,  200,       401,  401,  401]),
        ("GET /admin/errors",              [401,  403,  403,  403,  403,  403,  Admitted,  401,  401,  401]),
        ("POST /admin/errors/replay",      [401,  403,  403,  403,  403,  403,  Admitted,  401,  401,  401]),
        ("GET /openapi/v1.json",           [200,  200,  200,  200,  200,  200,  200,       200,  200,  200]),
        ("GET /health/live",               [200,  200,  200,  200,  200,  200,  200,       200,  200,  200]),
        ("GET /health/ready",              [200,  200,  200,  200,  200,  200,  200,       200,  200,  200]),
    ];

    public static TheoryData<string, string, int> Cells()
    {
        var cells = new TheoryData<string, string, int>();
        foreach (var (endpoint, statuses) in Table)
            for (var i = 0; i < Callers.Length; i++) cells.Add(endpoint, Callers[i].Caller, statuses[i]);
        return cells;
    }

    [Fact]
    public void The_table_should_have_a_status_for_every_caller() =>
        Assert.All(Table, row => Assert.Equal(Callers.Length, row.Status.Length));

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Each_caller_should_get_the_answer_of_the_table(string endpoint, string caller, int status)
    {
        var offer = await app.OfferAsync();
        var placement = await ReservedAsync(offer);
        var before = await StateAsync(placement);
        using var request = Request(endpoint, offer, placement);
        if (Callers.Single(column => column.Caller == caller).Token(offer) is { } token) request.Headers.Authorization = new("Bearer", token);

        using var response = await app.CreateClient().SendAsync(request);

        if (status == Admitted) Assert.True((int)response.StatusCode is not (401 or 403), $"{endpoint} answered {(int)response.StatusCode}");
        else Assert.Equal(status, (int)response.StatusCode);
        if (status is 401 or 403) Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (status == 401) Assert.Contains(response.Headers.WwwAuthenticate, challenge => challenge.Scheme == "Bearer");
        if (status is 401 or 403) Assert.Equal(before, await StateAsync(placement));
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("Bearer not-a-token")]
    [InlineData("Bearer a.b.c")]
    [InlineData("Bearer a.b.c.d.e")]
    [InlineData("Bearer ..")]
    [InlineData("Bearer \"quoted\"")]
    [InlineData("Bearer tökén")]
    [InlineData("Basic Y2FzZXdvcmtlcjpzZWNyZXQ=")]
    [InlineData("Token abc")]
    [InlineData(",,,")]
    public async Task A_malformed_Authorization_header_should_be_401_and_change_nothing(string header)
    {
        var offer = await app.OfferAsync();
        var placement = await ReservedAsync(offer);
        var before = await StateAsync(placement);

        foreach (var endpoint in new[] { "POST /placements", "POST /placements/{id}/cancel", "GET /placements/{id}", "POST /matches" })
        {
            using var request = Request(endpoint, offer, placement);
            Assert.True(request.Headers.TryAddWithoutValidation("Authorization", header));

            using var response = await app.CreateClient().SendAsync(request);

            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{endpoint} answered {(int)response.StatusCode}");
            Assert.Contains(response.Headers.WwwAuthenticate, challenge => challenge.Scheme == "Bearer");
        }

        Assert.Equal(before, await StateAsync(placement));
    }

    [Fact]
    public async Task An_unsigned_token_should_be_401_whatever_it_claims()
    {
        var header = Base64Url("""{"alg":"none","typ":"JWT"}""");
        var claims = Base64Url($$"""{"sub":"x","role":"caseworker","iss":"{{Tokens.Issuer}}","aud":"{{Tokens.Audience}}","exp":{{DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}}}""");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/matches") { Content = JsonContent.Create(Given.Person(Given.SpotOfItsOwn())) };
        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {header}.{claims}.");

        using var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_placement_should_name_the_caseworker_account_that_requested_it_and_each_change_should_be_audited()
    {
        var offer = await app.OfferAsync();
        var placement = await ReservedAsync(offer);
        using (var confirmed = await app.ConfirmAsync(placement)) Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        using (var cancelled = await app.CancelAsync(placement)) Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        using (var cancelledAgain = await app.CancelAsync(placement)) Assert.Equal(HttpStatusCode.OK, cancelledAgain.StatusCode);

        Assert.Equal("test-caseworker-account", (string?)(await app.PlacementAsync(placement))["requestedBy"]);
        var audit = (await app.CreateClient().SignedIn(Tokens.Admin()).GetFromJsonAsync<JsonArray>("/admin/audit"))!
            .Where(entry => (string?)entry!["resourceId"] == placement.ToString())
            .Select(entry => ((string?)entry!["action"], (string?)entry["subject"], (string?)entry["role"]));
        // Cancelling again changes nothing, and records nothing.
        Assert.Equal(new (string?, string?, string?)[]
        {
            ("placement.request", "test-caseworker-account", "caseworker"), ("placement.confirm", "test-caseworker-account", "caseworker"),
            ("placement.cancel", "test-caseworker-account", "caseworker"),
        }, audit);
    }

    [Fact]
    public async Task A_coordinator_should_read_placements_without_their_history()
    {
        var offer = await app.OfferAsync();
        var reference = Reference();
        var placement = await ReservedAsync(offer, reference);
        var coordinator = app.CreateClient().SignedIn(Tokens.Coordinator());

        var one = (await coordinator.GetFromJsonAsync<JsonObject>($"/placements/{placement}"))!;
        var all = (await coordinator.GetFromJsonAsync<JsonArray>($"/placements?reference={reference}"))!;

        Assert.Equal(("reserved", "test-caseworker-account"), ((string?)one["state"], (string?)one["requestedBy"]));
        Assert.False(one.ContainsKey("history"), one.ToJsonString());
        Assert.Equal(placement, (Guid?)Assert.Single(all)!["id"]);
        Assert.False(all[0]!.AsObject().ContainsKey("history"), all.ToJsonString());
        Assert.Equal(["requested", "reserved"], PlacementsApp.History(await app.PlacementAsync(placement)));
    }

    [Fact]
    public async Task An_employer_should_see_the_placements_into_its_own_opening_by_pseudonym_and_state_only()
    {
        var offer = await app.OfferAsync();
        var reference = Reference();
        var placement = await ReservedAsync(offer, reference);
        var employer = app.CreateClient().SignedIn(Tokens.Employer(offer.Opening.EmployerId));

        var seen = (await employer.GetFromJsonAsync<JsonArray>($"/placements?openingId={offer.Opening.Id}"))!;
        var byCaseworker = (await app.AsCaseworker().GetFromJsonAsync<JsonArray>($"/placements?openingId={offer.Opening.Id}"))!;

        var entry = Assert.Single(seen)!.AsObject();
        Assert.Equal(new[] { "id", "reference", "state" }, entry.Select(field => field.Key).Order());
        Assert.Equal((placement, reference, "reserved"), ((Guid?)entry["id"], (string?)entry["reference"], (string?)entry["state"]));
        Assert.Equal(seen.ToJsonString(), byCaseworker.ToJsonString());
    }

    [Theory]
    [InlineData("reference=case-4711")]
    [InlineData("reference=case-4711&openingId={other}")]
    [InlineData("openingId={other}")]
    [InlineData("openingId={unknown}")]
    [InlineData("")]
    public async Task An_employer_should_not_see_a_persons_placements_nor_those_into_an_opening_not_its_own(string query)
    {
        var own = await app.OfferAsync();
        var other = await app.OfferAsync();
        await ReservedAsync(other);
        var employer = app.CreateClient().SignedIn(Tokens.Employer(own.Opening.EmployerId));

        using var response = await employer.GetAsync("/placements?" + query.Replace("{other}", other.Opening.Id.ToString())
            .Replace("{unknown}", Guid.NewGuid().ToString()));

        var problem = await PlacementsApp.ProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.NotNull((string?)problem["title"]);
    }

    [Theory]
    [InlineData("openingId=not-an-id", "openingId")]
    [InlineData("openingId={opening}&reference=case-4711", "reference")]
    [InlineData("openingId={opening}&pageSize=0", "pageSize")]
    [InlineData("", "reference")]
    public async Task Asking_by_opening_and_by_person_at_once_or_by_neither_should_be_refused_naming_the_field(string query, string field)
    {
        var offer = await app.OfferAsync();

        using var response = await app.AsCaseworker().GetAsync("/placements?" + query.Replace("{opening}", offer.Opening.Id.ToString()));

        var problem = await PlacementsApp.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
    }

    [Fact]
    public async Task The_OpenAPI_document_should_be_open_to_anyone_and_show_the_bearer_scheme_on_every_operation_but_health()
    {
        using var response = await app.CreateClient().GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var scheme = document["components"]?["securitySchemes"]?["bearer"];
        Assert.Equal(("http", "bearer"), ((string?)scheme?["type"], (string?)scheme?["scheme"]));
        var operations = new[] { ("/matches", "post"), ("/allocations", "post"), ("/placements", "post"), ("/placements", "get"),
            ("/placements/{id}", "get"), ("/placements/{id}/confirm", "post"), ("/placements/{id}/cancel", "post") };
        foreach (var (path, method) in operations)
        {
            var operation = document["paths"]?[path]?[method];
            Assert.True(operation is not null, $"{method} {path} is in the document");
            Assert.NotEmpty(operation["security"]!.AsArray());
            Assert.NotNull(operation["responses"]?["401"]);
            Assert.NotNull(operation["responses"]?["403"]);
        }
    }

    private static string Reference() => "who-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A placement of the offer's course and opening, requested by a caseworker and reserved.</summary>
    private async Task<Guid> ReservedAsync(Offer offer, string? reference = null)
    {
        var id = await app.PlaceAsync(new { reference = reference ?? Reference(), courseId = offer.Course.Id, openingId = offer.Opening.Id });
        await app.AnswerAsync(new SeatReserved(id, offer.Course.Id));
        await app.AnswerAsync(new PositionHeld(id, offer.Opening.Id, null));
        await app.WaitForAsync(id, "reserved");
        return id;
    }

    private static HttpRequestMessage Request(string endpoint, Offer offer, Guid placement)
    {
        var (method, path) = (endpoint.Split(' ')[0], endpoint.Split(' ')[1]);
        path = path.Replace("{id}", placement.ToString())
            .Replace("reference=", "reference=case-4711")
            .Replace("openingId=", $"openingId={offer.Opening.Id}");
        var person = Given.Person(Given.SpotOfItsOwn());
        return new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = endpoint switch
            {
                "POST /matches" => JsonContent.Create(person),
                "POST /matches/why-not" => JsonContent.Create(new JsonObject { ["person"] = person, ["courseId"] = offer.Course.Id }),
                "POST /allocations" => JsonContent.Create(new JsonObject { ["people"] = new JsonArray(person), ["timeLimitSeconds"] = 5 }),
                "POST /placements" => JsonContent.Create(new { reference = Reference(), courseId = offer.Course.Id, openingId = offer.Opening.Id }),
                _ => null,
            },
        };
    }

    /// <summary>What a refused request must leave as it was: the placement, and the counts of placements, commands and audit entries.</summary>
    private async Task<string> StateAsync(Guid placement) =>
        $"{(await app.PlacementAsync(placement)).ToJsonString()} placements {await CountAsync("placements")} "
        + $"commands {await CountAsync("outbox_messages")} audit {await CountAsync("audit_log")}";

    private async Task<long> CountAsync(string table)
    {
        await using var connection = await app.Database.Db.OpenAsync();
        return await connection.ExecuteScalarAsync<long>($"select count(*) from {table}");
    }

    private static string Base64Url(string json) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
