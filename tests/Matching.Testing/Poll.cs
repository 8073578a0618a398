using System.Diagnostics;
using Xunit;

namespace Matching.Testing;

/// <summary>Waiting for something that happens over the bus: poll with a deadline, never sleep a fixed time.</summary>
public static class Poll
{
    /// <summary>The shortest deadline: a deadline only fails a hung test, and a loaded machine can take seconds for what takes milliseconds alone.</summary>
    public static readonly TimeSpan ShortestDeadline = TimeSpan.FromSeconds(30);

    /// <summary>Polls until <paramref name="condition"/> holds and returns how long that took; a passed deadline (never
    /// shorter than <see cref="ShortestDeadline"/>) fails the test with <paramref name="failure"/>.</summary>
    public static async Task<TimeSpan> UntilAsync(Func<Task<bool>> condition, TimeSpan deadline, Func<string> failure, TimeSpan? interval = null)
    {
        if (deadline < ShortestDeadline) deadline = ShortestDeadline;
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > deadline) Assert.Fail($"Within {deadline.TotalSeconds} s: {failure()}");
            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(50));
        }

        return clock.Elapsed;
    }
}
