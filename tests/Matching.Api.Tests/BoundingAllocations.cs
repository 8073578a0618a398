using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Matching.Api.Allocations;
using Matching.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Matching.Api.Tests;

/// <summary>
/// Allocations share the machine: one runs at a time here (one per core in production), one more may wait its turn,
/// and the rest are told when to come back. The test holds the gate itself, so what waits and what is refused does not
/// depend on how fast anything runs.
/// </summary>
public sealed class BoundingAllocations(MatchingApp app) : IClassFixture<MatchingApp>
{
    /// <summary>Only fails a hung test.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_allocation_beyond_those_running_and_waiting_is_told_to_come_back_later()
    {
        await using var service = OneAtATime();
        var gate = service.Services.GetRequiredService<AllocationGate>();
        Task<HttpResponseMessage> waiting;
        using (await gate.EnterAsync(CancellationToken.None))
        {
            waiting = AllocateAsync(service, timeLimitSeconds: 60);
            await Poll.UntilAsync(() => Task.FromResult(gate.Waiting == 1), Deadline, () => "the second allocation should wait its turn");

            using var refused = await AllocateAsync(service, timeLimitSeconds: 60);

            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"Retry-After is {refused.Headers.RetryAfter}");
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.False(waiting.IsCompleted, "the waiting allocation waits while the gate is held");
        }

        using var served = await waiting.WaitAsync(Deadline);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task An_allocation_whose_time_runs_out_while_it_waits_is_told_to_come_back_later()
    {
        await using var service = OneAtATime();
        var gate = service.Services.GetRequiredService<AllocationGate>();
        using (await gate.EnterAsync(CancellationToken.None))
        {
            using var timedOut = await AllocateAsync(service, timeLimitSeconds: 0.2).WaitAsync(Deadline);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, timedOut.StatusCode);
            Assert.True(timedOut.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"Retry-After is {timedOut.Headers.RetryAfter}");
        }
    }

    [Fact]
    public async Task An_allocation_whose_caller_has_gone_stops_waiting()
    {
        await using var service = OneAtATime();
        var gate = service.Services.GetRequiredService<AllocationGate>();
        using (await gate.EnterAsync(CancellationToken.None))
        {
            using var caller = new CancellationTokenSource();
            var waiting = AllocateAsync(service, timeLimitSeconds: 60, caller.Token);
            await Poll.UntilAsync(() => Task.FromResult(gate.Waiting == 1), Deadline, () => "the allocation should wait its turn");

            await caller.CancelAsync();

            await Poll.UntilAsync(() => Task.FromResult(gate.Waiting == 0), Deadline, () => "the allocation should stop waiting once its caller has gone");
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        }
    }

    [Fact]
    public async Task A_cohort_above_the_size_allowed_is_refused_naming_the_limit()
    {
        var people = string.Join(',', Enumerable.Repeat("{}", AllocationsApi.MaxPeople + 1));

        using var response = await app.AsCaseworker().PostAsync("/allocations",
            new StringContent($$"""{"people": [{{people}}]}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var message = problem.GetProperty("errors").GetProperty("people")[0].GetString();
        Assert.Contains(AllocationsApi.MaxPeople.ToString(System.Globalization.CultureInfo.InvariantCulture), message);
    }

    /// <summary>The service with one allocation running and one waiting at most.</summary>
    private WebApplicationFactory<Program> OneAtATime() => app.WithWebHostBuilder(builder => builder
        .UseSetting("Allocations:MaxRunning", "1")
        .UseSetting("Allocations:MaxWaiting", "1"));

    private static Task<HttpResponseMessage> AllocateAsync(WebApplicationFactory<Program> service, double timeLimitSeconds, CancellationToken cancellation = default)
    {
        var person = Given.Person(Given.SpotOfItsOwn());
        return service.CreateClient().SignedIn(Tokens.Caseworker()).PostAsJsonAsync("/allocations",
            new JsonObject { ["people"] = new JsonArray(person), ["timeLimitSeconds"] = timeLimitSeconds }, cancellation);
    }
}
