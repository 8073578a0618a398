using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Matching.Api.Projections;
using Matching.Contracts;
using Matching.Engine;
using Matching.Hosting.Data;
using Matching.Testing;
using MassTransit;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Matching.Api.Tests;

// A replica reads the catalog from the database only once its own feed is bound: an event published before that is
// already stored by the replica that took it from the shared queue, one published after it reaches the feed. Loaded
// the other way round, an event another replica stores in between is in neither, and this replica never shows it.
public sealed class LoadingOnceTheFeedIsBound
{
    [Fact]
    public async Task An_event_stored_by_another_replica_while_this_one_connects_is_in_its_catalog()
    {
        using var database = TestDatabase.Sqlite();
        var here = Given.SpotOfItsOwn();
        var course = Given.Course(here);
        await using (var before = MatchingApp.On(database))
        {
            await before.PublishAsync(new CoursePublished(course));
            await Poll.UntilAsync(async () => await before.StoredVersionAsync("courses", course.Id) == 1, TimeSpan.FromSeconds(30),
                () => "the course should be stored");
        }

        var catalog = new Catalog();
        var bus = new HeldBus();
        await using var replica = MatchingApp.On(database).WithWebHostBuilder(host => host.ConfigureTestServices(services =>
        {
            services.AddSingleton(catalog);
            services.AddBusObserver(_ => bus);
            // As in production: the host does not wait for the bus to start.
            services.Configure<MassTransitHostOptions>(options => options.WaitUntilStarted = false);
        }));
        var starting = Task.Run(replica.CreateClient);
        await bus.Starting.WaitAsync(TimeSpan.FromSeconds(30));

        // A loader that reads before the bus is up has done so within a second; one that waits for the feed cannot have.
        using (var early = new CancellationTokenSource(TimeSpan.FromSeconds(1)))
            while (catalog.CourseCount == 0 && !early.IsCancellationRequested) await Task.Delay(20);
        // Meanwhile another replica took the seat change off the shared queue and stored it; this one's feed was not bound to hear of it.
        await new ProjectionStore(database.Db).SaveAsync(course with { Version = 2, SeatsFree = 1 });
        bus.Release();

        using var client = await starting.WaitAsync(TimeSpan.FromSeconds(30));
        using var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var response = await client.SignedIn(Tokens.Caseworker()).PostAsJsonAsync("/matches", Given.Person(here));
        var suggestions = (await response.Content.ReadFromJsonAsync<JsonObject>())!["suggestions"]!.AsArray();
        Assert.Equal(1, (int?)suggestions.Single("course", course: course.Id)["course"]!["seatsFree"]);
    }

    /// <summary>Holds the bus at its start until the test lets it go, as a slow broker connection would.</summary>
    private sealed class HeldBus : IBusObserver
    {
        private readonly TaskCompletionSource starting = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Starting => starting.Task;

        public void Release() => released.TrySetResult();

        public Task PreStart(IBus bus)
        {
            starting.TrySetResult();
            return released.Task;
        }

        public void PostCreate(IBus bus) { }

        public void CreateFaulted(Exception exception) { }

        public Task PostStart(IBus bus, Task<BusReady> busReady) => Task.CompletedTask;

        public Task StartFaulted(IBus bus, Exception exception) => Task.CompletedTask;

        public Task PreStop(IBus bus) => Task.CompletedTask;

        public Task PostStop(IBus bus) => Task.CompletedTask;

        public Task StopFaulted(IBus bus, Exception exception) => Task.CompletedTask;
    }
}
