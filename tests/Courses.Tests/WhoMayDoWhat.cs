using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Matching.Hosting.Security;
using Matching.Testing;

namespace Courses.Tests;

/// <summary>
/// Who may do what in the Courses service, as one table: every endpoint against every kind of caller. Anyone reads
/// courses; only a course's own provider publishes, changes or withdraws it and sees its reservations (coordinators see
/// them too). A token that has expired, names another audience or is signed by a key the service does not know is no
/// token at all. The one course of each cell belongs to <see cref="Own"/>.
/// </summary>
public sealed class WhoMayDoWhat(CoursesApp app) : IClassFixture<CoursesApp>
{
    private const string Own = CoursesApp.ExampleProvider;

    /// <summary>The table's columns. Courses belong to no employer: "employer own" and "employer other" are two employers.</summary>
    private static readonly (string Caller, string? Token)[] Callers =
    [
        ("anonymous", null),
        ("provider own", Tokens.Provider(Own)),
        ("provider other", Tokens.Provider("other-provider")),
        ("employer own", Tokens.Employer("rhein-logistik")),
        ("employer other", Tokens.Employer("stahl-nord")),
        ("caseworker", Tokens.Caseworker()),
        ("coordinator", Tokens.Coordinator()),
        ("admin", Tokens.Admin()),
        // The course's own provider, so that only what is wrong with the token can refuse it.
        ("expired token", Tokens.For(Roles.Provider, Own, lifetime: TimeSpan.FromMinutes(-10))),
        ("wrong audience", Tokens.For(Roles.Provider, Own, audience: "another-api")),
        ("other key", Tokens.For(Roles.Provider, Own, otherKey: true)),
    ];

    private static readonly (string Endpoint, int[] Status)[] Table =
    [
        //                                  anon  prov  prov' empl  empl' case  coord admin exp   aud   key
        ("POST /courses",                  [401,  201,  403,  403,  403,  403,  403,  403,  401,  401,  401]),
        ("GET /courses/{id}",              [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200]),
        ("GET /courses?providerId=",       [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200]),
        ("PUT /courses/{id}/seats",        [401,  200,  403,  403,  403,  403,  403,  403,  401,  401,  401]),
        ("DELETE /courses/{id}",           [401,  204,  403,  403,  403,  403,  403,  403,  401,  401,  401]),
        ("GET /courses/{id}/reservations", [401,  200,  403,  403,  403,  403,  200,  403,  401,  401,  401]),
        ("GET /openapi/v1.json",           [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200]),
        ("GET /health/live",               [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200]),
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
        var course = await app.PublishAsync(CoursesApp.ExampleCourse(Own));
        var before = await StateAsync(course.Id);
        var request = Request(endpoint, course.Id);
        if (Callers.Single(column => column.Caller == caller).Token is { } token) request.Headers.Authorization = new("Bearer", token);

        var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        if (status is 401 or 403) Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (status == 401) Assert.Contains(response.Headers.WwwAuthenticate, challenge => challenge.Scheme == "Bearer");
        if (status >= 400) Assert.Equal(before, await StateAsync(course.Id));
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
    [InlineData("Basic dmhzLWR1aXNidXJnOnNlY3JldA==")]
    [InlineData("Token abc")]
    [InlineData(",,,")]
    public async Task A_malformed_Authorization_header_should_be_401_and_change_nothing(string header)
    {
        var before = (await app.CountRowsAsync("courses"), await app.CountRowsAsync("outbox_messages"));
        var request = Request("POST /courses", Guid.Empty);
        Assert.True(request.Headers.TryAddWithoutValidation("Authorization", header));

        var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, challenge => challenge.Scheme == "Bearer");
        Assert.Equal(before, (await app.CountRowsAsync("courses"), await app.CountRowsAsync("outbox_messages")));
    }

    [Theory]
    [InlineData(20_000)]
    [InlineData(300_000)]
    public async Task An_overlong_bearer_token_should_be_401(int length)
    {
        var request = Request("POST /courses", Guid.Empty);
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + new string('a', length));

        var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task An_unsigned_token_should_be_401_whatever_it_claims()
    {
        // alg "none": {"role":"provider","provider_id":"vhs-duisburg","aud":"matching-api"} with no signature.
        var header = Base64Url("""{"alg":"none","typ":"JWT"}""");
        var claims = Base64Url($$"""{"sub":"x","role":"provider","provider_id":"{{Own}}","iss":"{{Tokens.Issuer}}","aud":"{{Tokens.Audience}}","exp":{{DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}}}""");
        var request = Request("POST /courses", Guid.Empty);
        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {header}.{claims}.");

        var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Without_a_token_the_answer_should_say_to_bring_a_bearer_token_and_with_a_bad_one_why()
    {
        var course = await app.PublishAsync(CoursesApp.ExampleCourse(Own));

        var none = await app.CreateClient().SendAsync(Request("DELETE /courses/{id}", course.Id));
        var expired = await app.CreateClient().SignedIn(Tokens.For(Roles.Provider, Own, lifetime: TimeSpan.FromMinutes(-10)))
            .SendAsync(Request("DELETE /courses/{id}", course.Id));

        Assert.Equal("Bearer", Assert.Single(none.Headers.WwwAuthenticate).Scheme);
        Assert.Contains("invalid_token", Assert.Single(expired.Headers.WwwAuthenticate).Parameter);
    }

    [Theory]
    [InlineData("PUT /courses/{id}/seats")]
    [InlineData("DELETE /courses/{id}")]
    [InlineData("GET /courses/{id}/reservations")]
    public async Task An_unknown_course_should_be_404_for_any_provider_before_whose_it_is(string endpoint)
    {
        var response = await app.CreateClient().SignedIn(Tokens.Provider("other-provider")).SendAsync(Request(endpoint, Guid.CreateVersion7()));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_OpenAPI_document_should_be_open_to_anyone_and_show_the_bearer_scheme_where_it_is_needed()
    {
        var response = await app.CreateClient().GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var scheme = document["components"]?["securitySchemes"]?["bearer"];
        Assert.Equal(("http", "bearer"), ((string?)scheme?["type"], (string?)scheme?["scheme"]));
        var paths = document["paths"]!;
        // Open to anyone: one requirement that names no scheme.
        Assert.Equal("[{}]", paths["/courses"]?["get"]?["security"]?.ToJsonString());
        Assert.Equal("[{}]", paths["/courses/{id}"]?["get"]?["security"]?.ToJsonString());
        foreach (var operation in new[] { paths["/courses"]?["post"], paths["/courses/{id}"]?["delete"], paths["/courses/{id}/seats"]?["put"], paths["/courses/{id}/reservations"]?["get"] })
        {
            Assert.NotNull(operation);
            Assert.NotEmpty(operation["security"]!.AsArray());
            Assert.NotNull(operation["responses"]?["401"]);
            Assert.NotNull(operation["responses"]?["403"]);
        }
    }

    private static HttpRequestMessage Request(string endpoint, Guid course)
    {
        var (method, path) = (endpoint.Split(' ')[0], endpoint.Split(' ')[1]);
        var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{id}", course.ToString()).Replace("providerId=", $"providerId={Own}"));
        request.Content = endpoint switch
        {
            "POST /courses" => JsonContent.Create(CoursesApp.ExampleCourse(Own)),
            "PUT /courses/{id}/seats" => JsonContent.Create(new { seatsFree = 3 }),
            _ => null,
        };
        return request;
    }

    /// <summary>What a refused request must leave as it was: the course, and the counts of courses, events and audit entries.</summary>
    /// <remarks>Read signed in: the anonymous rate limit is for callers, not for the test's own look.</remarks>
    private async Task<string> StateAsync(Guid course) =>
        $"{await app.AsProvider().GetStringAsync($"/courses/{course}")} courses {await app.CountRowsAsync("courses")} "
        + $"events {await app.CountRowsAsync("outbox_messages")} audit {await app.CountRowsAsync("audit_log")}";

    private static string Base64Url(string json) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
