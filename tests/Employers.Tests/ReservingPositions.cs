using Dapper;
using Employers.Api.Agreements;
using Employers.Api.Openings;
using Employers.Api.Positions;
using Matching.Contracts;
using Matching.Hosting.Data;
using Matching.Testing;
using Matching.Vocabulary;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Employers.Tests;

/// <summary>Positions (and agreement quota) reserved and released for placements, straight against the database, on both databases.</summary>
public sealed class ReservingPositions
{
    private static readonly DateTimeOffset Now = new(2027, 1, 4, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Racing_placements_should_take_every_position_left_and_never_more(DatabaseProvider provider)
    {
        using var employers = Employers.Create(provider);
        var opening = await employers.PostOpeningAsync(positions: 5);

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() =>
            employers.ReserveAsync(new HoldPosition(Guid.CreateVersion7(), opening.Id, null)))));

        Assert.Equal(5, answers.Count(refusal => refusal is null));
        Assert.Equal(15, answers.Count(refusal => refusal == PositionReservations.NoPositionsLeft));
        var stored = (await employers.Openings.FindAsync(opening.Id))!;
        Assert.Equal((0, 1 + 5), (stored.PositionsLeft, stored.Version));
        Assert.Equal(5, await employers.CountOutboxAsync<OpeningPositionsChanged>());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Racing_placements_using_an_agreement_should_take_its_quota_and_positions_together_or_not_at_all(DatabaseProvider provider)
    {
        using var employers = Employers.Create(provider);
        var opening = await employers.PostOpeningAsync(positions: 5);
        var agreement = await employers.SignAgreementAsync(opening.EmployerId, quota: 2);

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() =>
            employers.ReserveAsync(new HoldPosition(Guid.CreateVersion7(), opening.Id, agreement.Id)))));

        Assert.Equal(2, answers.Count(refusal => refusal is null));
        Assert.Equal(3, answers.Count(refusal => refusal == PositionReservations.QuotaUsedUp));
        var storedOpening = (await employers.Openings.FindAsync(opening.Id))!;
        var storedAgreement = (await employers.Agreements.FindAsync(agreement.Id))!;
        Assert.Equal((3, 1 + 2), (storedOpening.PositionsLeft, storedOpening.Version));
        Assert.Equal((0, 1 + 2), (storedAgreement.QuotaLeft, storedAgreement.Version));
        Assert.Equal(2, await employers.CountOutboxAsync<OpeningPositionsChanged>());
        Assert.Equal(2, await employers.CountOutboxAsync<AgreementQuotaChanged>());
        Assert.Equal(3, await employers.CountOutboxAsync<PositionRefused>());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task An_agreement_of_another_employer_should_be_refused_and_take_nothing(DatabaseProvider provider)
    {
        using var employers = Employers.Create(provider);
        var opening = await employers.PostOpeningAsync(positions: 5);
        var agreement = await employers.SignAgreementAsync("someone-else", quota: 2);

        var refusal = await employers.ReserveAsync(new HoldPosition(Guid.CreateVersion7(), opening.Id, agreement.Id));

        Assert.Equal("agreement of another employer", refusal);
        Assert.Equal(5, (await employers.Openings.FindAsync(opening.Id))!.PositionsLeft);
        Assert.Equal(2, (await employers.Agreements.FindAsync(agreement.Id))!.QuotaLeft);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task An_agreement_not_valid_when_the_opening_starts_or_not_covering_its_occupation_should_be_refused_and_take_nothing(
        DatabaseProvider provider)
    {
        using var employers = Employers.Create(provider);
        var opening = await employers.PostOpeningAsync(positions: 5); // 9333, from 2027-08-01
        var expired = await employers.SignAgreementAsync(opening.EmployerId, quota: 2, validTo: new DateOnly(2027, 7, 31));
        var elsewhere = await employers.SignAgreementAsync(opening.EmployerId, quota: 2, occupations: ["52", "9334"]);
        var fitting = await employers.SignAgreementAsync(opening.EmployerId, quota: 2, occupations: ["52", "933"], validFrom: opening.StartsOn, validTo: opening.StartsOn);

        string?[] answers =
        [
            await employers.ReserveAsync(new HoldPosition(Guid.CreateVersion7(), opening.Id, expired.Id)),
            await employers.ReserveAsync(new HoldPosition(Guid.CreateVersion7(), opening.Id, elsewhere.Id)),
            await employers.ReserveAsync(new HoldPosition(Guid.CreateVersion7(), opening.Id, fitting.Id)),
        ];

        Assert.Equal(new[] { PositionReservations.AgreementNotValidWhenOpeningStarts, PositionReservations.AgreementNotCoveringOccupation, null },
            answers.AsEnumerable());
        var stored = (await employers.Openings.FindAsync(opening.Id))!;
        Assert.Equal((4, 1, 2), (stored.PositionsLeft, stored.PositionsReserved, stored.Version));
        Assert.Equal((2, 2, 1), ((await employers.Agreements.FindAsync(expired.Id))!.QuotaLeft, (await employers.Agreements.FindAsync(elsewhere.Id))!.QuotaLeft,
            (await employers.Agreements.FindAsync(fitting.Id))!.QuotaLeft));
        Assert.Equal(1, await employers.CountOutboxAsync<OpeningPositionsChanged>());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Reserving_for_the_same_placement_twice_should_answer_the_same_and_take_once(DatabaseProvider provider)
    {
        using var employers = Employers.Create(provider);
        var opening = await employers.PostOpeningAsync(positions: 5);
        var agreement = await employers.SignAgreementAsync(opening.EmployerId, quota: 1);
        var first = new HoldPosition(Guid.CreateVersion7(), opening.Id, agreement.Id);
        var second = new HoldPosition(Guid.CreateVersion7(), opening.Id, agreement.Id);

        string?[] answers = [await employers.ReserveAsync(first), await employers.ReserveAsync(first), await employers.ReserveAsync(second), await employers.ReserveAsync(second)];

        Assert.Equal(new[] { null, null, PositionReservations.QuotaUsedUp, PositionReservations.QuotaUsedUp }, answers.AsEnumerable());
        Assert.Equal(4, (await employers.Openings.FindAsync(opening.Id))!.PositionsLeft);
        Assert.Equal(0, (await employers.Agreements.FindAsync(agreement.Id))!.QuotaLeft);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Releasing_should_give_the_position_and_quota_back_once(DatabaseProvider provider)
    {
        using var employers = Employers.Create(provider);
        var opening = await employers.PostOpeningAsync(positions: 5);
        var agreement = await employers.SignAgreementAsync(opening.EmployerId, quota: 2);
        var placement = Guid.CreateVersion7();
        await employers.ReserveAsync(new HoldPosition(placement, opening.Id, agreement.Id));

        bool[] released = [await employers.ReleaseAsync(new ReleasePosition(placement, opening.Id)), await employers.ReleaseAsync(new ReleasePosition(placement, opening.Id))];

        Assert.Equal([true, false], released);
        var storedOpening = (await employers.Openings.FindAsync(opening.Id))!;
        var storedAgreement = (await employers.Agreements.FindAsync(agreement.Id))!;
        Assert.Equal((5, 3), (storedOpening.PositionsLeft, storedOpening.Version));
        Assert.Equal((2, 3), (storedAgreement.QuotaLeft, storedAgreement.Version));
        Assert.Equal("the placement was released", await employers.ReserveAsync(new HoldPosition(placement, opening.Id, agreement.Id)));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_closed_or_unknown_opening_should_be_refused_with_the_reason(DatabaseProvider provider)
    {
        using var employers = Employers.Create(provider);
        var opening = await employers.PostOpeningAsync(positions: 5);
        await employers.CloseOpeningAsync(opening.Id);

        Assert.Equal("opening closed", await employers.ReserveAsync(new HoldPosition(Guid.CreateVersion7(), opening.Id, null)));
        Assert.Equal("unknown opening", await employers.ReserveAsync(new HoldPosition(Guid.CreateVersion7(), Guid.CreateVersion7(), null)));
    }

    /// <summary>A migrated database of one provider with the repositories and the reservations over it.</summary>
    private sealed class Employers : IDisposable
    {
        private readonly TestDatabase database;
        private readonly PositionReservations reservations;

        private Employers(TestDatabase database)
        {
            this.database = database;
            Openings = new OpeningRepository(database.Db);
            Agreements = new AgreementRepository(database.Db);
            reservations = new PositionReservations(Openings, Agreements);
        }

        public OpeningRepository Openings { get; }

        public AgreementRepository Agreements { get; }

        public static Employers Create(DatabaseProvider provider)
        {
            var database = TestDatabase.Create(provider);
            Migrations.Run(database.Db, typeof(Program).Assembly, NullLogger.Instance);
            return new Employers(database);
        }

        public async Task<Opening> PostOpeningAsync(int positions)
        {
            var opening = new Opening
            {
                Id = Guid.CreateVersion7(),
                Version = 1,
                EmployerId = "rhein-logistik",
                Title = "Lagerhelfer/in",
                Occupation = "9333",
                Lat = 51.37,
                Lon = 6.71,
                Place = "Rheinhausen",
                MinLevel = Level.B1,
                Positions = positions,
                PositionsTakenOutside = 0,
                PositionsReserved = 0,
                StartsOn = new DateOnly(2027, 8, 1),
                HoursPerWeek = 38,
                LanguageSupport = true,
                Closed = false,
            };
            await using var work = await database.Db.BeginAsync();
            await Openings.InsertAsync(work, opening);
            await work.CommitAsync();
            return opening;
        }

        /// <summary>An agreement over <paramref name="occupations"/> (93 when none are given), valid through 2027 unless told otherwise.</summary>
        public async Task<Agreement> SignAgreementAsync(string employerId, int quota, string[]? occupations = null,
            DateOnly? validFrom = null, DateOnly? validTo = null)
        {
            var agreement = new Agreement
            {
                Id = Guid.CreateVersion7(),
                Version = 1,
                EmployerId = employerId,
                Occupations = occupations ?? ["93"],
                MinLevel = Level.A2,
                Quota = quota,
                QuotaLeft = quota,
                ValidFrom = validFrom ?? new DateOnly(2027, 1, 1),
                ValidTo = validTo ?? new DateOnly(2027, 12, 31),
            };
            await using var work = await database.Db.BeginAsync();
            await Agreements.InsertAsync(work, agreement);
            await work.CommitAsync();
            return agreement;
        }

        public async Task CloseOpeningAsync(Guid id)
        {
            await using var work = await database.Db.BeginAsync();
            var opening = (await Openings.FindAsync(work, id))!;
            await Openings.CloseAsync(work, id, opening.Version);
            await work.CommitAsync();
        }

        public async Task<string?> ReserveAsync(HoldPosition command)
        {
            await using var work = await database.Db.BeginAsync();
            var refusal = await reservations.ReserveAsync(work, command, Now);
            await work.CommitAsync();
            return refusal;
        }

        public async Task<bool> ReleaseAsync(ReleasePosition command)
        {
            await using var work = await database.Db.BeginAsync();
            var released = await reservations.ReleaseAsync(work, command, Now);
            await work.CommitAsync();
            return released;
        }

        public async Task<long> CountOutboxAsync<T>()
        {
            await using var connection = await database.Db.OpenAsync();
            return await connection.ExecuteScalarAsync<long>("select count(*) from outbox_messages where message_type = @Type", new { Type = typeof(T).FullName });
        }

        public void Dispose() => database.Dispose();
    }
}

/// <summary>The position commands as they arrive over the bus: the inbox keeps a redelivered one from changing anything.</summary>
public sealed class ConsumingPositionCommands(EmployersApi api) : IClassFixture<EmployersApi>
{
    [Fact]
    public async Task The_same_HoldPosition_delivered_twice_should_take_one_position_and_answer_once()
    {
        var opening = await api.ReadAsync<OpeningResponse>(await api.PostAsync("/openings", Requests.Opening()));
        var harness = api.Services.GetTestHarness();
        var command = new HoldPosition(Guid.CreateVersion7(), opening.Id, null);
        var messageId = NewId.NextGuid();
        var deliveries = new Deliveries(messageId);
        using var observing = harness.Bus.ConnectConsumeObserver(deliveries);

        await harness.Bus.Publish(command, context => context.MessageId = messageId);
        await harness.Bus.Publish(command, context => context.MessageId = messageId);

        await EventuallyAsync(() => Task.FromResult(deliveries.Count == 2), "both deliveries consumed");
        await EventuallyAsync(async () => (await api.PublishedAsync<PositionHeld>()).Any(held => held.PlacementId == command.PlacementId),
            "PositionHeld published");
        var stored = await api.ReadAsync<OpeningResponse>(await api.AsEmployer().GetAsync($"/openings/{opening.Id}"));
        Assert.Equal((opening.Positions - 1, 2), (stored.PositionsLeft, stored.Version));
        Assert.Single(await api.PublishedAsync<PositionHeld>(), held => held.PlacementId == command.PlacementId);
    }

    [Fact]
    public async Task Releasing_over_the_bus_should_give_the_position_back()
    {
        var opening = await api.ReadAsync<OpeningResponse>(await api.PostAsync("/openings", Requests.Opening()));
        var harness = api.Services.GetTestHarness();
        var placementId = Guid.CreateVersion7();

        await harness.Bus.Publish(new HoldPosition(placementId, opening.Id, null));
        await EventuallyAsync(async () => (await api.PublishedAsync<PositionHeld>()).Any(held => held.PlacementId == placementId),
            "PositionHeld published");
        await harness.Bus.Publish(new ReleasePosition(placementId, opening.Id));
        await EventuallyAsync(async () => (await api.PublishedAsync<PositionReleased>()).Any(released => released.PlacementId == placementId),
            "PositionReleased published");

        var stored = await api.ReadAsync<OpeningResponse>(await api.AsEmployer().GetAsync($"/openings/{opening.Id}"));
        Assert.Equal((opening.Positions, 3), (stored.PositionsLeft, stored.Version));
    }

    private static Task EventuallyAsync(Func<Task<bool>> condition, string what) =>
        Poll.UntilAsync(condition, TimeSpan.FromSeconds(30), () => what);
}
