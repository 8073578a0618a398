using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Matching.Hosting.Security;
using Matching.Testing;

namespace Matching.SystemTests;

/// <summary>
/// The Matching service on a broker where Courses and Employers never ran (a new virtual host, a broker reset): the commands
/// of its placements wait in the queues Courses and Employers will read, instead of being dropped for want of a queue.
/// </summary>
public sealed class StartingBeforeTheOthers : IAsyncLifetime
{
    private const string Provider = "vhs-duisburg";
    private const string Employer = "employer-early";

    private readonly IdentityProcess identity = new([(Roles.Provider, Provider), (Roles.Employer, Employer)]);
    private readonly TestDatabase coursesDb = TestDatabase.Sqlite();
    private readonly TestDatabase employersDb = TestDatabase.Sqlite();
    private readonly TestDatabase matchingDb = TestDatabase.Sqlite();
    private readonly List<IAsyncDisposable> running = [];
    private readonly List<RabbitMqVirtualHost> vhosts = [];

    [Fact]
    public async Task A_placement_requested_before_courses_and_employers_ever_ran_should_be_reserved_once_they_start()
    {
        // An earlier life: the three services on another broker, where the Matching service learnt the course and the opening.
        var before = NewVirtualHost();
        var (courseId, openingId) = await PublishOfferAsync(before);

        // Now only the Matching service runs, on a virtual host of its own that has never seen Courses or Employers.
        var vhost = NewVirtualHost();
        var matching = await StartAsync("services/Matching/Matching.Api", vhost, matchingDb);
        var caseworker = await identity.SignedInAsync(matching, Roles.Caseworker);
        using var response = await caseworker.PostAsJsonAsync("/placements", new { reference = "early-1", courseId, openingId });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        await Poll.UntilAsync(() => Task.FromResult(Waiting(vhost, "courses-seat-reservation") == 1 && Waiting(vhost, "employers-position-reservation") == 1),
            TimeSpan.FromSeconds(60), () => $"the commands wait in the queues of Courses and Employers\n--- matching log ---\n{matching.Log}");

        await StartAsync("services/Courses/Courses.Api", vhost, coursesDb);
        await StartAsync("services/Employers/Employers.Api", vhost, employersDb);

        JsonObject placement = [];
        await Poll.UntilAsync(async () => (string?)(placement = (await caseworker.GetFromJsonAsync<JsonObject>($"/placements/{id}"))!)["state"] == "reserved",
            TimeSpan.FromSeconds(60), () => $"placement {id} is reserved, is {placement.ToJsonString()}\n--- matching log ---\n{matching.Log}");
        Assert.Equal(0, Waiting(vhost, "courses-seat-reservation"));
    }

    public Task InitializeAsync() => identity.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var service in running) await service.DisposeAsync();
        await identity.DisposeAsync();
        foreach (var vhost in vhosts) vhost.Dispose();
        coursesDb.Dispose();
        employersDb.Dispose();
        matchingDb.Dispose();
    }

    /// <summary>Runs the three services on <paramref name="vhost"/> until Courses and Employers have published a course and an opening and the Matching service holds both.</summary>
    private async Task<(string CourseId, string OpeningId)> PublishOfferAsync(RabbitMqVirtualHost vhost)
    {
        var services = await Task.WhenAll(
            StartAsync("services/Courses/Courses.Api", vhost, coursesDb),
            StartAsync("services/Employers/Employers.Api", vhost, employersDb),
            StartAsync("services/Matching/Matching.Api", vhost, matchingDb));
        var (courses, employers, matching) = (services[0], services[1], services[2]);
        var caseworker = await identity.SignedInAsync(matching, Roles.Caseworker);

        var courseId = await CreateAsync(await identity.SignedInAsync(courses, Roles.Provider, Provider), "/courses", new
        {
            providerId = Provider, title = "Berufssprachkurs B1-B2", kind = "job-related", levelFrom = "B1", levelTo = "B2",
            location = new { place = "Hochfeld" }, online = false, startsOn = "2027-02-01", endsOn = "2027-06-30",
            hoursPerWeek = 20, schedule = "morning", childcare = false, seatsTotal = 20, seatsFree = 5,
        });
        var openingId = await CreateAsync(await identity.SignedInAsync(employers, Roles.Employer, Employer), "/openings", new
        {
            employerId = Employer, title = "Lagerhelfer/in", occupation = "9333", location = new { place = "Rheinhausen" },
            minLevel = "B1", positions = 2, startsOn = "2027-08-01", hoursPerWeek = 38, languageSupport = true,
        });
        await Poll.UntilAsync(async () =>
        {
            using var suggestions = await caseworker.PostAsJsonAsync("/matches", new
            {
                reference = "early-1", level = "B1", location = new { place = "Meiderich" }, maxDistanceKm = 25,
                availableFrom = "2027-01-04", occupations = new[] { "9333" }, limit = 500,
            });
            var text = await suggestions.Content.ReadAsStringAsync();
            return text.Contains(courseId) && text.Contains(openingId);
        }, TimeSpan.FromSeconds(60), () => $"the Matching service suggests the course and the opening\n--- matching log ---\n{matching.Log}");

        foreach (var service in services)
        {
            running.Remove(service);
            await service.DisposeAsync();
        }
        return (courseId, openingId);
    }

    /// <summary>Starts the service, trusting the identity service.</summary>
    private async Task<ServiceProcess> StartAsync(string project, RabbitMqVirtualHost vhost, TestDatabase database)
    {
        var settings = ServiceProcess.Settings(vhost, database);
        foreach (var (key, value) in identity.ServiceSettings) settings[key] = value;
        // This test is about commands waiting for their services, not about giving up on them: on a loaded machine
        // the others may take minutes to start, longer than the default time a placement waits for an answer.
        settings["Placements:RequestTimeout"] = "01:00:00";
        var service = new ServiceProcess(project, settings);
        running.Add(service);
        await service.StartAsync();
        return service;
    }

    private RabbitMqVirtualHost NewVirtualHost()
    {
        var vhost = RabbitMqVirtualHost.Create();
        vhosts.Add(vhost);
        return vhost;
    }

    /// <summary>How many messages wait in the queue; -1 when there is no such queue.</summary>
    private static int Waiting(RabbitMqVirtualHost vhost, string queue)
    {
        var lines = RabbitMqVirtualHost.Rabbitmqctl("list_queues", "-p", vhost.Name, "--no-table-headers", "name", "messages")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = lines.Select(line => line.Split('\t', ' ')).FirstOrDefault(columns => columns[0] == queue);
        return line is null ? -1 : int.Parse(line[^1]);
    }

    private static async Task<string> CreateAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {path} answered {(int)response.StatusCode}: {text}");
        return (string)JsonNode.Parse(text)!["id"]!;
    }
}
