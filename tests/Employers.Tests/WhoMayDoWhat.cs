using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Employers.Api.Agreements;
using Employers.Api.Openings;
using Matching.Hosting.Security;
using Matching.Testing;

namespace Employers.Tests;

/// <summary>
/// Who may do what in the Employers service, as one table: every endpoint against every kind of caller. An employer
/// posts, changes, closes and reads its own openings and reads its own agreements; caseworkers and coordinators read
/// every employer's; only coordinators sign agreements, for the city. A token that has expired, names another audience or
/// is signed by a key the service does not know is no token at all. The opening and the agreement of each cell belong to
/// <see cref="Own"/>.
/// </summary>
public sealed class WhoMayDoWhat(EmployersApi api) : IClassFixture<EmployersApi>
{
    private const string Own = Requests.ExampleEmployer;

    /// <summary>The table's columns. Openings and agreements belong to no provider: "provider own" and "provider other" are two providers.</summary>
    private static readonly (string Caller, string? Token)[] Callers =
    [
        ("anonymous", null),
        ("provider own", Tokens.Provider("vhs-duisburg")),
        ("provider other", Tokens.Provider("other-provider")),
        ("employer own", Tokens.Employer(Own)),
        ("employer other", Tokens.Employer("stahl-nord")),
        ("caseworker", Tokens.Caseworker()),
        ("coordinator", Tokens.Coordinator()),
        ("admin", Tokens.Admin()),
        // The resources' own employer, so that only what is wrong with the token can refuse it.
        ("expired token", Tokens.For(Roles.Employer, Own, lifetime: TimeSpan.FromMinutes(-10))),
        ("wrong audience", Tokens.For(Roles.Employer, Own, audience: "another-api")),
        ("other key", Tokens.For(Roles.Employer, Own, otherKey: true)),
    ];

    private static readonly (string Endpoint, int[] Status)[] Table =
    [
        //                                 anon  prov  prov' empl  empl' case  coord admin exp   aud   key
        ("POST /openings",                [401,  403,  403,  201,  403,  403,  403,  403,  401,  401,  401]),
        ("GET /openings/{id}",            [401,  403,  403,  200,  403,  200,  200,  403,  401,  401,  401]),
        ("GET /openings?employerId=",     [401,  403,  403,  200,  403,  200,  200,  403,  401,  401,  401]),
        ("PUT /openings/{id}/positions",  [401,  403,  403,  200,  403,  403,  403,  403,  401,  401,  401]),
        ("POST /openings/{id}/close",     [401,  403,  403,  200,  403,  403,  403,  403,  401,  401,  401]),
        ("POST /agreements",              [401,  403,  403,  403,  403,  403,  201,  403,  401,  401,  401]),
        ("GET /agreements/{id}",          [401,  403,  403,  200,  403,  200,  200,  403,  401,  401,  401]),
        ("GET /agreements?employerId=",   [401,  403,  403,  200,  403,  200,  200,  403,  401,  401,  401]),
        ("GET /openapi/v1.json",          [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200]),
        ("GET /health/live",              [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200]),
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
        var opening = await api.ReadAsync<OpeningResponse>(await api.PostAsync("/openings", Requests.Opening(Own)));
        var agreement = await api.ReadAsync<AgreementResponse>(await api.PostAsync("/agreements", Requests.Agreement(Own)));
        var before = await StateAsync(opening.Id, agreement.Id);
        var request = Request(endpoint, opening.Id, agreement.Id);
        if (Callers.Single(column => column.Caller == caller).Token is { } token) request.Headers.Authorization = new("Bearer", token);

        var response = await api.CreateClient().SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        if (status is 401 or 403) Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (status == 401) Assert.Contains(response.Headers.WwwAuthenticate, challenge => challenge.Scheme == "Bearer");
        if (status >= 400) Assert.Equal(before, await StateAsync(opening.Id, agreement.Id));
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("Bearer not-a-token")]
    [InlineData("Bearer a.b.c")]
    [InlineData("Bearer tökén")]
    [InlineData("Basic cmhlaW4tbG9naXN0aWs6c2VjcmV0")]
    [InlineData(",,,")]
    public async Task A_malformed_Authorization_header_should_be_401_and_change_nothing(string header)
    {
        var before = (await api.CountRowsAsync("openings"), await api.CountRowsAsync("outbox_messages"));
        var request = Request("POST /openings", Guid.Empty, Guid.Empty);
        Assert.True(request.Headers.TryAddWithoutValidation("Authorization", header));

        var response = await api.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, challenge => challenge.Scheme == "Bearer");
        Assert.Equal(before, (await api.CountRowsAsync("openings"), await api.CountRowsAsync("outbox_messages")));
    }

    [Theory]
    [InlineData("GET /openings/{id}")]
    [InlineData("PUT /openings/{id}/positions")]
    [InlineData("POST /openings/{id}/close")]
    [InlineData("GET /agreements/{id}")]
    public async Task An_unknown_id_should_be_404_for_any_employer_before_whose_it_is(string endpoint)
    {
        var response = await api.AsEmployer("stahl-nord").SendAsync(Request(endpoint, Guid.CreateVersion7(), Guid.CreateVersion7()));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/openings")]
    [InlineData("/agreements")]
    public async Task An_employer_should_not_list_what_another_employer_has_even_when_it_has_none(string path)
    {
        var response = await api.AsEmployer().GetAsync($"{path}?employerId=employer-{Guid.NewGuid():N}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task The_OpenAPI_document_should_be_open_to_anyone_and_show_the_bearer_scheme_on_every_operation()
    {
        var response = await api.CreateClient().GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var scheme = document["components"]?["securitySchemes"]?["bearer"];
        Assert.Equal(("http", "bearer"), ((string?)scheme?["type"], (string?)scheme?["scheme"]));
        var operations = new[] { ("/openings", "post"), ("/openings", "get"), ("/openings/{id}", "get"), ("/openings/{id}/positions", "put"),
            ("/openings/{id}/close", "post"), ("/agreements", "post"), ("/agreements", "get"), ("/agreements/{id}", "get") };
        foreach (var (path, method) in operations)
        {
            var operation = document["paths"]?[path]?[method];
            Assert.NotNull(operation);
            Assert.NotEmpty(operation["security"]!.AsArray());
            Assert.NotNull(operation["responses"]?["401"]);
            Assert.NotNull(operation["responses"]?["403"]);
        }
    }

    private static HttpRequestMessage Request(string endpoint, Guid opening, Guid agreement)
    {
        var (method, path) = (endpoint.Split(' ')[0], endpoint.Split(' ')[1]);
        path = path.Replace("/openings/{id}", $"/openings/{opening}").Replace("/agreements/{id}", $"/agreements/{agreement}")
            .Replace("employerId=", $"employerId={Own}");
        return new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = endpoint switch
            {
                "POST /openings" => JsonContent.Create(Requests.Opening(Own)),
                "PUT /openings/{id}/positions" => JsonContent.Create(new { positionsLeft = 2 }),
                "POST /agreements" => JsonContent.Create(Requests.Agreement(Own)),
                _ => null,
            },
        };
    }

    /// <summary>What a refused request must leave as it was: the opening, the agreement, and the counts of rows, events and audit entries.</summary>
    private async Task<string> StateAsync(Guid opening, Guid agreement) =>
        $"{(await api.GetJsonAsync($"/openings/{opening}")).ToJsonString()} {(await api.GetJsonAsync($"/agreements/{agreement}")).ToJsonString()} "
        + $"openings {await api.CountRowsAsync("openings")} agreements {await api.CountRowsAsync("agreements")} "
        + $"events {await api.CountRowsAsync("outbox_messages")} audit {await api.CountRowsAsync("audit_log")}";
}
