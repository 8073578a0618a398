using System.Diagnostics;

namespace Matching.Hosting.Telemetry;

/// <summary>
/// The activities the host starts itself. The request's own trace is carried across the outbox as a W3C
/// <c>traceparent</c>: the relay publishes each row inside an activity continuing the trace of the transaction that
/// wrote it, so MassTransit's send and every consumer it reaches stay in that one trace.
/// </summary>
public static class Traces
{
    public const string SourceName = "Matching.Hosting";

    /// <summary>What MassTransit 8 and Npgsql name their own activity sources.</summary>
    internal static readonly string[] LibrarySources = ["MassTransit", "Npgsql"];

    internal static readonly ActivitySource Source = new(SourceName);

    /// <summary>The W3C traceparent of the activity now running, if any (<c>00-&lt;trace id&gt;-&lt;span id&gt;-&lt;flags&gt;</c>).</summary>
    internal static string? CurrentParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.Id : null;

    /// <summary>Starts an activity continuing <paramref name="traceParent"/>, or a new trace when it is missing or unreadable.</summary>
    internal static Activity? StartContinuing(string name, ActivityKind kind, string? traceParent) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, traceState: null, out var parent)
            ? Source.StartActivity(name, kind, parent)
            : Source.StartActivity(name, kind);
}
