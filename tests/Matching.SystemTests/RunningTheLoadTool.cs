using Load;
using Matching.Testing;

namespace Matching.SystemTests;

/// <summary>
/// The load tool's scenarios (tests/Load) on small counts against a system of their own, so that they keep working: each
/// runs to its end over the real APIs and the real broker. How fast is not asked here — that is the tool's own run, with
/// its figures in docs/benchmarks.md — only that nothing failed, every measurement has answers, no place was given twice,
/// and the plot was drawn.
/// </summary>
public sealed class RunningTheLoadTool(MatchingSystem system) : IClassFixture<MatchingSystem>, IDisposable
{
    private readonly RabbitMqVirtualHost baseline = RabbitMqVirtualHost.Create();
    private readonly string plots = Directory.CreateTempSubdirectory("load-plots-").FullName;

    [Theory]
    [InlineData("freshness")]
    [InlineData("caseworkers")]
    [InlineData("ingestion")]
    [InlineData("placements")]
    [InlineData("cold-start")]
    [InlineData("country")]
    public async Task A_scenario_run_small_should_end_with_every_request_answered_and_a_plot(string scenario)
    {
        using var running = new RunningSystem(Address());

        var report = (await Scenario.RunAsync(running, scenario, small: true, plots)).Single();

        Assert.All(report.Measured.Values, latencies =>
        {
            Assert.True(latencies.Count > 0, $"{latencies.Name}: nothing answered");
            Assert.True(latencies.Failed == 0, $"{latencies.Name}: {latencies.Failed} failed");
        });
        if (report.Figures.TryGetValue("overbooked", out var overbooked)) Assert.Equal(0, overbooked);
        Assert.True(report.Plot is not null && File.Exists(report.Plot), $"{scenario} drew no plot");
    }

    public void Dispose()
    {
        baseline.Dispose();
        Directory.Delete(plots, recursive: true);
    }

    private SystemAddress Address() => new(
        Courses: Local(system.Courses), Employers: Local(system.Employers), Matching: Local(system.Matching),
        Token: (role, organisation) => system.Identity.TokenAsync(role, organisation),
        ProviderIds: [MatchingSystem.Provider],
        EmployerIds: Employers,
        RestartMatching: async () =>
        {
            await system.RestartMatchingAsync();
            return Local(system.Matching);
        },
        RabbitMq: new Uri($"amqp://guest:guest@localhost:5672/{Uri.EscapeDataString(baseline.Name)}"));

    /// <summary>Three employers of the fixture's, taken once for every scenario of this class.</summary>
    private IReadOnlyList<string> Employers => employers ??= [system.NewEmployer(), system.NewEmployer(), system.NewEmployer()];

    private static IReadOnlyList<string>? employers;

    private static Uri Local(ServiceProcess service) => new($"http://127.0.0.1:{service.Port}");
}
