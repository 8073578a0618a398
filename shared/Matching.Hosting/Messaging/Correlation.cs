using MassTransit;

namespace Matching.Hosting.Messaging;

/// <summary>The correlation id of the request or message being handled; it follows a request across the bus.</summary>
public static class Correlation
{
    public const string Header = "X-Correlation-Id";
    private static readonly AsyncLocal<Guid?> current = new();

    public static Guid? Current
    {
        get => current.Value;
        set => current.Value = value;
    }
}

/// <summary>Puts the consumed message's correlation id into the log context and into <see cref="Correlation.Current"/>.</summary>
public sealed class CorrelationConsumeFilter<T> : IFilter<ConsumeContext<T>> where T : class
{
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        var id = context.CorrelationId ?? context.ConversationId;
        Correlation.Current = id;
        using (Serilog.Context.LogContext.PushProperty("CorrelationId", id))
        {
            await next.Send(context);
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("correlation");
}
