using System.Diagnostics;
using Xunit;

namespace Matching.Testing;

/// <summary>Waiting for something that happens over the bus: poll with a deadline, never sleep a fixed time.</summary>
public static class Poll
{
    /// <summary>Polls until <paramref name="condition"/> holds and returns how long that took; a passed deadline fails the test with <paramref name="failure"/>.</summary>
    public static async Task<TimeSpan> UntilAsync(Func<Task<bool>> condition, TimeSpan deadline, Func<string> failure, TimeSpan? interval = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > deadline) Assert.Fail($"Within {deadline.TotalSeconds} s: {failure()}");
            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(50));
        }

        return clock.Elapsed;
    }
}
