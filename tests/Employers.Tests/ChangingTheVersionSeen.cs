using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Employers.Api.Openings;
using Matching.Contracts;

namespace Employers.Tests;

/// <summary>
/// Every answer about an opening carries its version as an ETag; an employer that sends it back in If-Match changes the
/// opening only if nobody (no other request, no placement) changed it since.
/// </summary>
public sealed class ChangingTheVersionSeen(EmployersApi api) : IClassFixture<EmployersApi>
{
    private readonly HttpClient client = api.AsEmployer();

    [Fact]
    public async Task Every_answer_about_an_opening_should_carry_its_version_as_ETag()
    {
        var posted = await api.PostAsync("/openings", Requests.Opening());
        var id = (await api.ReadAsync<OpeningResponse>(posted)).Id;
        var read = await client.GetAsync($"/openings/{id}");
        var changed = await client.PutAsJsonAsync($"/openings/{id}/positions", new { positionsLeft = 2 });
        var closed = await client.PostAsync($"/openings/{id}/close", null);

        Assert.Equal(new EntityTagHeaderValue("\"1\""), posted.Headers.ETag);
        Assert.Equal(new EntityTagHeaderValue("\"1\""), read.Headers.ETag);
        Assert.Equal(new EntityTagHeaderValue("\"2\""), changed.Headers.ETag);
        Assert.Equal(new EntityTagHeaderValue("\"3\""), closed.Headers.ETag);
    }

    [Fact]
    public async Task Positions_sent_with_the_version_seen_before_a_placement_reserved_one_should_be_refused_with_412_and_change_nothing()
    {
        var opening = await api.ReadAsync<OpeningResponse>(await api.PostAsync("/openings", Requests.Opening()));
        var seen = (await client.GetAsync($"/openings/{opening.Id}")).Headers.ETag!;
        Assert.Null(await api.HoldPositionAsync(new HoldPosition(Guid.CreateVersion7(), opening.Id, null)));
        var before = await api.GetJsonAsync($"/openings/{opening.Id}");
        var events = await api.CountEventsAboutAsync(opening.Id);

        var response = await client.SendAsync(WithIfMatch(HttpMethod.Put, $"/openings/{opening.Id}/positions", seen.Tag, new { positionsLeft = 3 }));

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(new EntityTagHeaderValue("\"2\""), response.Headers.ETag);
        Assert.Equal(before.ToJsonString(), (await api.GetJsonAsync($"/openings/{opening.Id}")).ToJsonString());
        Assert.Equal(events, await api.CountEventsAboutAsync(opening.Id));
    }

    [Theory]
    [InlineData("\"1\"")]
    [InlineData("\"9\", \"1\"")]
    [InlineData("*")]
    public async Task Positions_sent_with_the_current_version_should_change_the_opening(string ifMatch)
    {
        var opening = await api.ReadAsync<OpeningResponse>(await api.PostAsync("/openings", Requests.Opening()));

        var response = await client.SendAsync(WithIfMatch(HttpMethod.Put, $"/openings/{opening.Id}/positions", ifMatch, new { positionsLeft = 1 }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new EntityTagHeaderValue("\"2\""), response.Headers.ETag);
        Assert.Equal(1, (int)(await api.GetJsonAsync($"/openings/{opening.Id}"))["positionsLeft"]!);
    }

    [Fact]
    public async Task Closing_with_a_stale_version_should_be_refused_with_412_and_with_the_current_one_close()
    {
        var opening = await api.ReadAsync<OpeningResponse>(await api.PostAsync("/openings", Requests.Opening()));
        await client.PutAsJsonAsync($"/openings/{opening.Id}/positions", new { positionsLeft = 1 });

        var refused = await client.SendAsync(WithIfMatch(HttpMethod.Post, $"/openings/{opening.Id}/close", "\"1\""));
        var stillOpen = !(bool)(await api.GetJsonAsync($"/openings/{opening.Id}"))["closed"]!;
        var closed = await client.SendAsync(WithIfMatch(HttpMethod.Post, $"/openings/{opening.Id}/close", "\"2\""));

        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.True(stillOpen);
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.True((bool)(await api.GetJsonAsync($"/openings/{opening.Id}"))["closed"]!);
    }

    private static HttpRequestMessage WithIfMatch(HttpMethod method, string path, string ifMatch, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return request;
    }
}
