using System.Diagnostics;

namespace Load;

/// <summary>Asks again until a condition holds; a deadline that passes (only a hung system reaches it) throws.</summary>
public static class Poll
{
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan deadline, string what, TimeSpan? pause = null)
    {
        var start = Stopwatch.GetTimestamp();
        while (!await condition())
        {
            if (Stopwatch.GetElapsedTime(start) > deadline) throw new TimeoutException($"{what}: not within {deadline.TotalSeconds:N0} s");
            if (pause is { } wait) await Task.Delay(wait);
        }
    }
}
