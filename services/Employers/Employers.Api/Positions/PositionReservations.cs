using Employers.Api.Agreements;
using Employers.Api.Openings;
using Matching.Contracts;
using Matching.Hosting.Data;

namespace Employers.Api.Positions;

public enum ReservationState
{
    Held,
    Refused,
    Released,
}

/// <summary>
/// The positions reserved for placements: one row of <c>position_reservations</c> per placement. A reservation takes
/// one position of the opening and, with an agreement, one unit of its quota — both or neither, and the agreement only if
/// it fits the opening (the same employer, valid on the day the opening starts, covering its occupation). Everything runs
/// in the caller's unit of work, with the new states of the opening and agreement and the answer to the Matching service.
/// </summary>
public sealed class PositionReservations(OpeningRepository openings, AgreementRepository agreements)
{
    public const string NoPositionsLeft = "no positions left";
    public const string QuotaUsedUp = "agreement quota used up";
    public const string AgreementOfAnotherEmployer = "agreement of another employer";
    public const string AgreementNotValidWhenOpeningStarts = "agreement not valid when the opening starts";
    public const string AgreementNotCoveringOccupation = "agreement does not cover the opening's occupation";

    private const string SelectByPlacement = """
        select placement_id as PlacementId, opening_id as OpeningId, agreement_id as AgreementId, state as State, reason as Reason
        from position_reservations
        where placement_id = @PlacementId
        """;

    private const string Insert = """
        insert into position_reservations (placement_id, opening_id, agreement_id, state, reason, changed_at)
        values (@PlacementId, @OpeningId, @AgreementId, @State, @Reason, @ChangedAt)
        """;

    private const string UpdateState = """
        update position_reservations set state = @State, changed_at = @ChangedAt
        where placement_id = @PlacementId
        """;

    private const string BeforeTaking = "before_taking";

    /// <summary>
    /// Takes a position (and quota) for the placement and answers <see cref="PositionHeld"/> or
    /// <see cref="PositionRefused"/>; returns null when the placement holds one, else why not. The same
    /// placement again gets the same answer and changes nothing.
    /// </summary>
    public async Task<string?> ReserveAsync(UnitOfWork work, HoldPosition command, DateTimeOffset now)
    {
        var refusal = await FindAsync(work, command.PlacementId) switch
        {
            null => await TakeAsync(work, command, now),
            { State: ReservationState.Held } => null,
            { State: ReservationState.Refused } refused => refused.Reason ?? NoPositionsLeft,
            _ => "the placement was released",
        };

        if (refusal is null) await work.PublishAsync(new PositionHeld(command.PlacementId, command.OpeningId, command.AgreementId));
        else await work.PublishAsync(new PositionRefused(command.PlacementId, command.OpeningId, command.AgreementId, refusal));
        return refusal;
    }

    /// <summary>
    /// Gives back the one position (and unit of quota) the placement holds, if it holds them, and answers
    /// <see cref="PositionReleased"/>; returns whether a held position was let go. Releasing again changes nothing.
    /// </summary>
    public async Task<bool> ReleaseAsync(UnitOfWork work, ReleasePosition command, DateTimeOffset now)
    {
        var reservation = await FindAsync(work, command.PlacementId);
        if (reservation is null)
        {
            // Released before it was reserved: remembered, so a late HoldPosition takes nothing.
            await work.ExecuteAsync(Insert, new
            {
                command.PlacementId, command.OpeningId, AgreementId = (Guid?)null, State = nameof(ReservationState.Released),
                Reason = (string?)null, ChangedAt = now,
            });
        }
        else if (reservation.State == ReservationState.Held)
        {
            await work.ExecuteAsync(UpdateState, new { command.PlacementId, State = nameof(ReservationState.Released), ChangedAt = now });
            if (await openings.ReleasePositionAsync(work, reservation.OpeningId) is { } opening)
                await work.PublishAsync(new OpeningPositionsChanged(opening.ToState()));
            if (reservation.AgreementId is { } agreementId && await agreements.GiveQuotaBackAsync(work, agreementId) is { } agreement)
                await work.PublishAsync(new AgreementQuotaChanged(agreement.ToState()));
        }

        await work.PublishAsync(new PositionReleased(command.PlacementId, command.OpeningId));
        return reservation?.State == ReservationState.Held;
    }

    private async Task<string?> TakeAsync(UnitOfWork work, HoldPosition command, DateTimeOffset now)
    {
        var refusal = await TakePositionAndQuotaAsync(work, command);
        await work.ExecuteAsync(Insert, new
        {
            command.PlacementId,
            command.OpeningId,
            command.AgreementId,
            State = (refusal is null ? ReservationState.Held : ReservationState.Refused).ToString(),
            Reason = refusal,
            ChangedAt = now,
        });
        return refusal;
    }

    // Both or neither: when the agreement does not fit the opening or has no quota for it, the position taken is put
    // back by rolling back to the savepoint; the refusal itself still commits with the inbox row.
    private async Task<string?> TakePositionAndQuotaAsync(UnitOfWork work, HoldPosition command)
    {
        await work.Transaction.SaveAsync(BeforeTaking);
        var opening = await openings.ReservePositionAsync(work, command.OpeningId);
        if (opening is null) return await WhyNoPositionAsync(work, command.OpeningId);

        Agreement? agreement = null;
        if (command.AgreementId is { } agreementId)
        {
            // The Matching service chose the agreement from what it last heard; it is checked again here, where it is kept.
            var misfit = await WhyAgreementDoesNotFitAsync(work, agreementId, opening);
            agreement = misfit is null ? await agreements.TakeQuotaAsync(work, agreementId, opening.EmployerId) : null;
            if (agreement is null)
            {
                await work.Transaction.RollbackAsync(BeforeTaking);
                return misfit ?? QuotaUsedUp;
            }
        }

        await work.PublishAsync(new OpeningPositionsChanged(opening.ToState()));
        if (agreement is not null) await work.PublishAsync(new AgreementQuotaChanged(agreement.ToState()));
        return null;
    }

    private async Task<string> WhyNoPositionAsync(UnitOfWork work, Guid openingId) =>
        await openings.FindAsync(work, openingId) switch
        {
            null => "unknown opening",
            { Closed: true } => "opening closed",
            _ => NoPositionsLeft,
        };

    private async Task<string?> WhyAgreementDoesNotFitAsync(UnitOfWork work, Guid agreementId, Opening opening) =>
        await agreements.FindAsync(work, agreementId) switch
        {
            null => "unknown agreement",
            { } agreement when agreement.EmployerId != opening.EmployerId => AgreementOfAnotherEmployer,
            { } agreement when !agreement.IsValidOn(opening.StartsOn) => AgreementNotValidWhenOpeningStarts,
            { } agreement when !agreement.Covers(opening.Occupation) => AgreementNotCoveringOccupation,
            _ => null,
        };

    private Task<Reservation?> FindAsync(UnitOfWork work, Guid placementId) =>
        work.QuerySingleOrDefaultAsync<Reservation>(SelectByPlacement, new { PlacementId = placementId });

    private sealed class Reservation
    {
        public Guid PlacementId { get; init; }
        public Guid OpeningId { get; init; }
        public Guid? AgreementId { get; init; }
        public ReservationState State { get; init; }
        public string? Reason { get; init; }
    }
}
