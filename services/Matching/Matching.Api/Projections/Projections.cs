using Matching.Contracts;
using Matching.Engine;
using MassTransit;

namespace Matching.Api.Projections;

// Each consumer writes the database first (the durable copy, as published), then the in-memory catalog
// the queries read (in the engine's own model, see EngineModel). Both ignore versions they have already seen, so redelivery and reordering are harmless.
// The catalog is updated even when the database already held the version: the database is shared by
// the replicas, and another one may have stored it first, but each replica's catalog is its own.

public sealed class CourseProjection(ProjectionStore store, Catalog catalog, ILogger<CourseProjection> logger) :
    IConsumer<CoursePublished>, IConsumer<CourseSeatsChanged>, IConsumer<CourseWithdrawn>
{
    public Task Consume(ConsumeContext<CoursePublished> context) => Apply(context.Message.Course);

    public Task Consume(ConsumeContext<CourseSeatsChanged> context) => Apply(context.Message.Course);

    public Task Consume(ConsumeContext<CourseWithdrawn> context) => Apply(context.Message.Course);

    private async Task Apply(CourseState course)
    {
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

    private async Task Apply(OpeningState opening)
    {
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

    private async Task Apply(AgreementState agreement)
    {
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
public sealed class CatalogFeed(Catalog catalog) :
    IConsumer<CoursePublished>, IConsumer<CourseSeatsChanged>, IConsumer<CourseWithdrawn>,
    IConsumer<OpeningPosted>, IConsumer<OpeningPositionsChanged>, IConsumer<OpeningClosed>,
    IConsumer<AgreementSigned>, IConsumer<AgreementQuotaChanged>
{
    public Task Consume(ConsumeContext<CoursePublished> context) => Apply(catalog.Apply(context.Message.Course.ToCourse()));

    public Task Consume(ConsumeContext<CourseSeatsChanged> context) => Apply(catalog.Apply(context.Message.Course.ToCourse()));

    public Task Consume(ConsumeContext<CourseWithdrawn> context) => Apply(catalog.Apply(context.Message.Course.ToCourse()));

    public Task Consume(ConsumeContext<OpeningPosted> context) => Apply(catalog.Apply(context.Message.Opening.ToOpening()));

    public Task Consume(ConsumeContext<OpeningPositionsChanged> context) => Apply(catalog.Apply(context.Message.Opening.ToOpening()));

    public Task Consume(ConsumeContext<OpeningClosed> context) => Apply(catalog.Apply(context.Message.Opening.ToOpening()));

    public Task Consume(ConsumeContext<AgreementSigned> context) => Apply(catalog.Apply(context.Message.Agreement.ToAgreement()));

    public Task Consume(ConsumeContext<AgreementQuotaChanged> context) => Apply(catalog.Apply(context.Message.Agreement.ToAgreement()));

    // Whether the catalog changed does not matter here: a version seen before is simply ignored.
    private static Task Apply(bool _) => Task.CompletedTask;
}

/// <summary>Fills the in-memory catalog from the database before the service answers queries.</summary>
public sealed class CatalogLoader(ProjectionStore store, Catalog catalog, ILogger<CatalogLoader> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var (courses, openings, agreements) = await store.LoadAllAsync(cancellationToken);
        foreach (var course in courses) catalog.Apply(course.ToCourse());
        foreach (var opening in openings) catalog.Apply(opening.ToOpening());
        foreach (var agreement in agreements) catalog.Apply(agreement.ToAgreement());
        logger.LogInformation("Catalog loaded: {Courses} courses, {Openings} openings, {Agreements} agreements", courses.Count, openings.Count, agreements.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
