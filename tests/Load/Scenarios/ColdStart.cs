using System.Diagnostics;

namespace Load.Scenarios;

/// <summary>
/// (6) Cold start: the Matching service killed and started again on its database (it rebuilds its catalog from the
/// projection tables); the time from starting it until <c>/health/ready</c> answers, and until the first <c>/matches</c>
/// answer. Meant for the country's data (125,000 projected items; load them with the country scenario first).
/// </summary>
public static class ColdStart
{
    public const double GoalSeconds = 5;

    public static async Task<Report> RunAsync(RunningSystem system, bool small, string plots)
    {
        var report = new Report("cold-start");
        if (system.Address.RestartMatching is null)
        {
            report.Line("- skipped: the tool was not given a way to restart Matching");
            return report;
        }
        using var anonymous = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var requests = new Caseworkers();
        var start = Stopwatch.GetTimestamp();
        await system.RestartMatchingAsync();
        await Poll.UntilAsync(() => RunningSystem.ReadyAsync(anonymous, system.MatchingUri), TimeSpan.FromMinutes(2),
            "Matching is ready again", TimeSpan.FromMilliseconds(10));
        var ready = Stopwatch.GetElapsedTime(start);
        var suggestions = await system.MatchAsync(requests.Next(0));
        var firstAnswer = Stopwatch.GetElapsedTime(start);

        report.Figure("ready s", ready.TotalSeconds, $"started → /health/ready: {ready.TotalSeconds:N2} s");
        report.Figure("first answer s", firstAnswer.TotalSeconds,
            $"started → first /matches answer ({suggestions.Count} suggestions): {firstAnswer.TotalSeconds:N2} s (goal ≤ {GoalSeconds} s)");
        report.Plot = Plots.Bars(Path.Combine(plots, "cold-start.png"), "Matching restarted: seconds until", "seconds",
            [("/health/ready", ready.TotalSeconds), ("first /matches answer", firstAnswer.TotalSeconds), ("goal", GoalSeconds)]);
        return report;
    }
}
