using System.Diagnostics;

namespace Load;

/// <summary>
/// Sends requests on a schedule — the i-th at i / rate seconds — whether or not earlier ones have answered, and times
/// each from when it was due, not from when it could be sent: a stalled system then shows in the latencies of everything
/// that waited behind it, rather than in fewer requests (the correction for coordinated omission).
/// </summary>
public static class OpenLoop
{
    /// <param name="send">Sends the i-th request; answers whether it succeeded.</param>
    public static async Task<Latencies> RunAsync(string name, double perSecond, TimeSpan duration, Func<int, Task<bool>> send,
        CancellationToken cancellation = default)
    {
        var latencies = new Latencies(name);
        var count = (int)Math.Max(1, perSecond * duration.TotalSeconds);
        var interval = Stopwatch.Frequency / perSecond;
        var pending = new List<Task>(count);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count && !cancellation.IsCancellationRequested; i++)
        {
            var due = start + (long)(i * interval);
            await UntilAsync(due);
            pending.Add(TimedAsync(i, due));
        }
        await Task.WhenAll(pending);
        latencies.Span = Stopwatch.GetElapsedTime(start);
        return latencies;

        async Task TimedAsync(int i, long due)
        {
            await Task.Yield(); // the schedule goes on while this one is sent
            bool ok;
            try
            {
                ok = await send(i);
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or IOException)
            {
                ok = false;
            }
            if (ok) latencies.RecordSince(due);
            else latencies.Fail();
        }
    }

    /// <summary>Waits until the timestamp: sleeps while it is far, then yields (timers fire a millisecond or more late).</summary>
    public static async Task UntilAsync(long timestamp)
    {
        while (Stopwatch.GetTimestamp() is var now && now < timestamp)
        {
            var ms = (timestamp - now) * 1000.0 / Stopwatch.Frequency;
            if (ms > 2) await Task.Delay(TimeSpan.FromMilliseconds(ms - 1.5));
            else await Task.Yield();
        }
    }
}

/// <summary>As many requests as the system takes: each of <c>connections</c> workers sends its next when its last answered.</summary>
public static class ClosedLoop
{
    public static async Task<Latencies> RunAsync(string name, int connections, TimeSpan duration, Func<int, Task<bool>> send)
    {
        var latencies = new Latencies(name);
        var next = -1;
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < end)
            {
                var sent = Stopwatch.GetTimestamp();
                bool ok;
                try
                {
                    ok = await send(Interlocked.Increment(ref next));
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or IOException)
                {
                    ok = false;
                }
                if (ok) latencies.RecordSince(sent);
                else latencies.Fail();
            }
        })));
        latencies.Span = Stopwatch.GetElapsedTime(start);
        return latencies;
    }
}
