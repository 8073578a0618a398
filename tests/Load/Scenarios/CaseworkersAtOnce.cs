namespace Load.Scenarios;

/// <summary>
/// (4) Caseworkers at once: <c>/matches</c> over HTTP from 50 connections, open loop, at rising rates (10 s each after a
/// warm-up), with the realistic mix of <see cref="Caseworkers"/>. The figure: p99 at each rate, and the rate at which p99
/// passes 10 ms. Meant for the country's data (load it with the country scenario first); it measures whatever is loaded.
/// </summary>
public static class CaseworkersAtOnce
{
    public const double GoalMs = 10;

    public static async Task<Report> RunAsync(RunningSystem system, bool small, string plots)
    {
        var report = new Report("caseworkers");
        var client = await system.CaseworkersAsync(connections: 50);
        var requests = new Caseworkers();
        var step = TimeSpan.FromSeconds(small ? 2 : 10);
        double[] rates = small ? [20] : [50, 100, 200, 300, 400, 600, 800];

        // warm-up: the JIT's tiers settle and the connections open
        await OpenLoop.RunAsync("warm-up", small ? 20 : 50, TimeSpan.FromSeconds(small ? 1 : 10), SendAsync);

        var steps = new List<Latencies>();
        double? passedAt = null;
        foreach (var rate in rates)
        {
            var latencies = report.Add(await OpenLoop.RunAsync($"{rate:N0}/s offered", rate, step, SendAsync));
            steps.Add(latencies);
            if (latencies.Ms(99) > GoalMs && passedAt is null) passedAt = latencies.PerSecond;
            // two steps past the goal show the knee; farther only queues up
            if (steps.Count(s => s.Ms(99) > GoalMs) >= 2) break;
        }
        report.Line("");
        report.Table([.. steps]);
        report.Figure("p99 passes 10 ms at", passedAt ?? double.NaN, passedAt is { } at
            ? $"p99 passes {GoalMs} ms at about {at:N0} queries/s answered"
            : $"p99 stayed within {GoalMs} ms up to {steps[^1].PerSecond:N0} queries/s");
        report.Plot = Plots.Percentiles(Path.Combine(plots, "caseworkers.png"),
            "/matches over HTTP, 50 connections, open loop", steps, goalMs: GoalMs);
        return report;

        async Task<bool> SendAsync(int i)
        {
            using var response = await client.PostAsync("/matches", Freshness.JsonContent(requests.Next(i)));
            return response.IsSuccessStatusCode;
        }
    }
}
