using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Matching.Api.Tests;

public sealed class HealthAndOpenApi(MatchingApp app) : IClassFixture<MatchingApp>
{
    [Fact]
    public async Task The_service_says_it_is_alive()
    {
        var response = await app.CreateClient().GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_service_says_it_is_ready_once_its_database_and_bus_are()
    {
        var response = await app.CreateClient().GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_matches()
    {
        var document = await app.CreateClient().GetFromJsonAsync<JsonObject>("/openapi/v1.json");

        Assert.NotNull(document!["paths"]?["/matches"]?["post"]);
    }
}
