using Matching.Contracts;
using Matching.Engine;
using MassTransit;

namespace Matching.Api.Projections;

// Each consumer checks the event first (StateRules): invalid content throws an InvalidMessageException, which the bus
// moves to the queue's error queue at once, and nothing of it is stored. A valid event is written to the database
// first (the durable copy, as published), then to the in-memory catalog the queries read (in the engine's own model,
// see EngineModel). Both ignore versions they have already seen, so redelivery and reordering are harmless.
// The catalog is updated even when the database already held the version: the database is shared by
// the replicas, and another one may have stored it first, but each replica's catalog is its own.

public sealed class CourseProjection(ProjectionStore store, Catalog catalog, ILogger<CourseProjection> logger) :
    IConsumer<CoursePublished>, IConsumer<CourseSeatsChanged>, IConsumer<CourseWithdrawn>
{
    public Task Consume(ConsumeContext<CoursePublished> context) => Apply(context.Message.Course);

    public Task Consume(ConsumeContext<CourseSeatsChanged> context) => Apply(context.Message.Course);

    public Task Consume(ConsumeContext<CourseWithdrawn> context) => Apply(context.Message.Course);

    private async Task Apply(CourseState? published)
    {
        var course = StateRules.Valid(published);
        await store.SaveAsync(course);
        if (!catalog.Apply(course.ToCourse())) return;
        logger.LogInformation("Course {CourseId} now at version {Version} with {SeatsFree} free seats", course.Id, course.Version, course.SeatsFree);
    }
}

public sealed class OpeningProjection(ProjectionStore store, Catalog catalog, ILogger<OpeningProjection> logger) :
    IConsumer<OpeningPosted>, IConsumer<OpeningPositionsChanged>, IConsumer<OpeningClosed>
{
    public Task Consume(ConsumeContext<OpeningPosted> context) => Apply(context.Message.Opening);

    public Task Consume(ConsumeContext<OpeningPositionsChanged> context) => Apply(context.Message.Opening);

    public Task Consume(ConsumeContext<OpeningClosed> context) => Apply(context.Message.Opening);

    private async Task Apply(OpeningState? published)
    {
        var opening = StateRules.Valid(published);
        await store.SaveAsync(opening);
        if (!catalog.Apply(opening.ToOpening())) return;
        logger.LogInformation("Opening {OpeningId} now at version {Version} with {PositionsLeft} positions left", opening.Id, opening.Version, opening.PositionsLeft);
    }
}

public sealed class AgreementProjection(ProjectionStore store, Catalog catalog, ILogger<AgreementProjection> logger) :
    IConsumer<AgreementSigned>, IConsumer<AgreementQuotaChanged>
{
    public Task Consume(ConsumeContext<AgreementSigned> context) => Apply(context.Message.Agreement);

    public Task Consume(ConsumeContext<AgreementQuotaChanged> context) => Apply(context.Message.Agreement);

    private async Task Apply(AgreementState? published)
    {
        var agreement = StateRules.Valid(published);
        await store.SaveAsync(agreement);
        if (!catalog.Apply(agreement.ToAgreement())) return;
        logger.LogInformation("Agreement {AgreementId} now at version {Version} with quota {QuotaLeft} left", agreement.Id, agreement.Version, agreement.QuotaLeft);
    }
}

/// <summary>
/// The replica's own copy of every projection event, on a temporary queue of its own (gone when the replica
/// stops). The durable queues above are shared by the replicas, so each event reaches only one of them; this
/// feed brings it to every replica's catalog. The durable consumers still apply to the catalog too: events that
/// waited in the durable queue while this replica was down never reach its new temporary queue.
/// </summary>
/// <remarks>
/// An invalid event is passed over here without a fault: the durable consumer that gets the same event moves it to
/// its error queue, where it can be seen and replayed; a temporary queue's errors would have no one to look at them.
/// </remarks>
public sealed class CatalogFeed(Catalog catalog) :
    IConsumer<CoursePublished>, IConsumer<CourseSeatsChanged>, IConsumer<CourseWithdrawn>,
    IConsumer<OpeningPosted>, IConsumer<OpeningPositionsChanged>, IConsumer<OpeningClosed>,
    IConsumer<AgreementSigned>, IConsumer<AgreementQuotaChanged>
{
    public Task Consume(ConsumeContext<CoursePublished> context) => Apply(context.Message.Course);

    public Task Consume(ConsumeContext<CourseSeatsChanged> context) => Apply(context.Message.Course);

    public Task Consume(ConsumeContext<CourseWithdrawn> context) => Apply(context.Message.Course);

    public Task Consume(ConsumeContext<OpeningPosted> context) => Apply(context.Message.Opening);

    public Task Consume(ConsumeContext<OpeningPositionsChanged> context) => Apply(context.Message.Opening);

    public Task Consume(ConsumeContext<OpeningClosed> context) => Apply(context.Message.Opening);

    public Task Consume(ConsumeContext<AgreementSigned> context) => Apply(context.Message.Agreement);

    public Task Consume(ConsumeContext<AgreementQuotaChanged> context) => Apply(context.Message.Agreement);

    // Whether the catalog changed does not matter here: a version seen before is simply ignored.
    private Task Apply(CourseState? course)
    {
        if (StateRules.Check(course).Count == 0) catalog.Apply(course!.ToCourse());
        return Task.CompletedTask;
    }

    private Task Apply(OpeningState? opening)
    {
        if (StateRules.Check(opening).Count == 0) catalog.Apply(opening!.ToOpening());
        return Task.CompletedTask;
    }

    private Task Apply(AgreementState? agreement)
    {
        if (StateRules.Check(agreement).Count == 0) catalog.Apply(agreement!.ToAgreement());
        return Task.CompletedTask;
    }
}
