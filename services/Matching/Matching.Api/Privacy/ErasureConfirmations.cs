using Matching.Contracts;
using MassTransit;

namespace Matching.Api.Privacy;

/// <summary>Records each service's confirmation of an erasure; a confirmation again changes nothing.</summary>
public sealed class ErasureConfirmations(ErasureStore erasures, TimeProvider clock, ILogger<ErasureConfirmations> logger) : IConsumer<PlacementsErased>
{
    public async Task Consume(ConsumeContext<PlacementsErased> context)
    {
        var (erasureId, service) = (context.Message.ErasureId, context.Message.Service);
        if (await erasures.ConfirmAsync(erasureId, service, clock.GetUtcNow(), context.CancellationToken))
            logger.LogInformation("Erasure {ErasureId} confirmed by {Service}", erasureId, service);
        else
            logger.LogWarning("Erasure {ErasureId} confirmed by {Service}, which is not asked to erase, ignored", erasureId, service);
    }
}
