using System.Collections.Concurrent;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Matching.Hosting.Messaging;

/// <summary>The service's durable receive queues, as the bus brings them up; MassTransit puts each one's failures in <c>&lt;queue&gt;_error</c>.</summary>
public sealed class ReceiveQueues : IReceiveEndpointObserver
{
    private readonly ConcurrentDictionary<string, bool> names = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Names => names.Keys.Order(StringComparer.Ordinal).ToList();

    public Task Ready(ReceiveEndpointReady ready)
    {
        // The bus's own reply queue (and a replica's own auto-delete queue) go away with the process: nothing to replay.
        var address = ready.InputAddress;
        if (!address.Query.Contains("temporary=true", StringComparison.OrdinalIgnoreCase)
            && !address.Query.Contains("autodelete=true", StringComparison.OrdinalIgnoreCase))
            names.TryAdd(address.AbsolutePath.Split('/')[^1], true);
        return Task.CompletedTask;
    }

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;
}

/// <summary>
/// Counts the messages in the service's error queues and moves them back to their queues once the cause is fixed:
/// the same body and headers (without the fault details MassTransit added), published with confirms before the
/// error queue lets go of the message, so a crash midway doubles a message at worst (consumers are idempotent), never loses one.
/// </summary>
public sealed class ErrorQueues(ReceiveQueues queues, RabbitMqOptions rabbit, ILogger<ErrorQueues> logger)
{
    private const string Suffix = "_error";

    public async Task<IReadOnlyDictionary<string, uint>> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        var counts = new SortedDictionary<string, uint>(StringComparer.Ordinal);
        foreach (var queue in queues.Names)
            counts[queue + Suffix] = await MessageCountAsync(connection, queue + Suffix, cancellationToken);
        return counts;
    }

    /// <summary>Moves the messages each error queue holds now (not those that fail again meanwhile); returns how many.</summary>
    public async Task<int> ReplayAsync(CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        var moved = 0;
        foreach (var queue in queues.Names)
        {
            var waiting = await MessageCountAsync(connection, queue + Suffix, cancellationToken);
            if (waiting == 0) continue;

            await using var channel = await connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
                cancellationToken);
            var movedHere = 0;
            for (var i = 0; i < waiting; i++)
            {
                var message = await channel.BasicGetAsync(queue + Suffix, autoAck: false, cancellationToken);
                if (message is null) break;
                var properties = new BasicProperties(message.BasicProperties) { Headers = WithoutFault(message.BasicProperties.Headers) };
                await channel.BasicPublishAsync("", queue, mandatory: true, properties, message.Body, cancellationToken);
                await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
                movedHere++;
            }

            logger.LogInformation("Moved {Count} messages from {ErrorQueue} back to {Queue}", movedHere, queue + Suffix, queue);
            moved += movedHere;
        }

        return moved;
    }

    private Task<IConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory
        {
            HostName = rabbit.Host,
            Port = rabbit.Port,
            VirtualHost = rabbit.VirtualHost,
            UserName = rabbit.Username,
            Password = rabbit.Password,
            ClientProvidedName = "error-queues",
        };
        return rabbit.Nodes.Length == 0
            ? factory.CreateConnectionAsync(cancellationToken)
            : factory.CreateConnectionAsync(rabbit.Nodes.Select(node => AmqpTcpEndpoint.Parse(node)).ToList(), cancellationToken);
    }

    // A channel that asks for a missing queue is closed by the broker, hence one channel per question.
    private static async Task<uint> MessageCountAsync(IConnection connection, string queue, CancellationToken cancellationToken)
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).MessageCount;
        }
        catch (OperationInterruptedException exception) when (exception.ShutdownReason?.ReplyCode == 404)
        {
            return 0; // MassTransit creates an error queue with its first failure
        }
    }

    // MassTransit writes the exception and the failing host into MT-Fault-*, MT-Host-* and MT-Reason; a replayed message starts clean.
    private static Dictionary<string, object?>? WithoutFault(IDictionary<string, object?>? headers) =>
        headers?
            .Where(header => !header.Key.StartsWith("MT-Fault-", StringComparison.Ordinal)
                && !header.Key.StartsWith("MT-Host-", StringComparison.Ordinal)
                && header.Key != "MT-Reason")
            .ToDictionary(header => header.Key, header => header.Value);
}

public static class ErrorQueuesApi
{
    /// <summary><c>GET /admin/errors</c> counts the messages per error queue; <c>POST /admin/errors/replay</c> moves them back.</summary>
    public static IEndpointRouteBuilder MapErrorQueues(this IEndpointRouteBuilder app)
    {
        var errors = app.MapGroup("/admin/errors").WithTags("Admin");

        errors.MapGet("/", async Task<Results<Ok<IReadOnlyDictionary<string, uint>>, ProblemHttpResult>> (ErrorQueues queues, CancellationToken cancellationToken) =>
            {
                try { return TypedResults.Ok(await queues.CountAsync(cancellationToken)); }
                catch (BrokerUnreachableException) { return BrokerUnreachable(); }
            })
            .WithName("CountErrors")
            .WithSummary("Messages waiting in each of this service's error queues");

        errors.MapPost("/replay", async Task<Results<Ok<ReplayResult>, ProblemHttpResult>> (ErrorQueues queues, CancellationToken cancellationToken) =>
            {
                try { return TypedResults.Ok(new ReplayResult(await queues.ReplayAsync(cancellationToken))); }
                catch (BrokerUnreachableException) { return BrokerUnreachable(); }
            })
            .WithName("ReplayErrors")
            .WithSummary("Move the messages of this service's error queues back to their queues")
            .WithDescription("Run it once the cause of the failures is fixed; a message that fails again returns to its error queue.");

        return app;
    }

    private static ProblemHttpResult BrokerUnreachable() =>
        TypedResults.Problem(title: "RabbitMQ is unreachable; try again later.", statusCode: StatusCodes.Status503ServiceUnavailable);
}

public sealed record ReplayResult(int Moved);
