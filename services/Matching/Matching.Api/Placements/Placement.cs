using System.Text.Json.Serialization;

namespace Matching.Api.Placements;

public enum PlacementState
{
    [JsonStringEnumMemberName("requested")] Requested,
    [JsonStringEnumMemberName("reserved")] Reserved,
    [JsonStringEnumMemberName("confirmed")] Confirmed,
    [JsonStringEnumMemberName("rejected")] Rejected,
    [JsonStringEnumMemberName("released")] Released,
}

/// <summary>Where the seat or the position of a placement stands; <c>None</c>: the placement does not need it.</summary>
public enum PartState
{
    None,
    Requested,
    Held,
    Refused,
    Released,
}

public enum Part
{
    Seat,
    Position,
}

/// <summary>
/// A placement as stored: one row of <c>placements</c>. The workflow's rules live here, as steps from one
/// placement to the next; whoever applies a step stores it, and a part that became <c>Released</c> is given
/// back to its service. A reply that was applied already changes nothing.
/// </summary>
public sealed record Placement
{
    public const string Cancelled = "cancelled";
    public const string NoAnswerInTime = "no answer in time";

    public Guid Id { get; init; }
    public long Version { get; init; }
    public string Reference { get; init; } = "";
    public Guid? CourseId { get; init; }
    public Guid? OpeningId { get; init; }
    public Guid? AgreementId { get; init; }
    public PlacementState State { get; init; }
    /// <summary>Why it was rejected or released.</summary>
    public string? Reason { get; init; }
    public PartState Seat { get; init; }
    public PartState Position { get; init; }
    public DateTimeOffset RequestedAt { get; init; }
    /// <summary>When every part was held; the expiry counts from here.</summary>
    public DateTimeOffset? ReservedAt { get; init; }
    public DateTimeOffset ChangedAt { get; init; }
    /// <summary>What the caseworker's client named the request by: a retry with the same key gets this placement again.</summary>
    public string? IdempotencyKey { get; init; }
    /// <summary>The subject of the caseworker account that requested it (never a name); null for placements requested before it was recorded.</summary>
    public string? RequestedBy { get; init; }

    public static Placement Request(string reference, Guid? courseId, Guid? openingId, Guid? agreementId, DateTimeOffset now,
        string? idempotencyKey = null, string? requestedBy = null) => new()
    {
        Id = Guid.CreateVersion7(now),
        Version = 1,
        Reference = reference,
        CourseId = courseId,
        OpeningId = openingId,
        AgreementId = agreementId,
        State = PlacementState.Requested,
        Seat = courseId is null ? PartState.None : PartState.Requested,
        Position = openingId is null ? PartState.None : PartState.Requested,
        RequestedAt = now,
        ChangedAt = now,
        IdempotencyKey = idempotencyKey,
        RequestedBy = requestedBy,
    };

    public PartState this[Part part] => part == Part.Seat ? Seat : Position;

    /// <summary>Whether the placement asked for this part of the course or opening <paramref name="id"/>: an answer about anything else is not its own.</summary>
    public bool AskedFor(Part part, Guid id) => this[part] != PartState.None && (part == Part.Seat ? CourseId : OpeningId) == id;

    /// <summary>Whether the request asks for what this placement asked for, and nothing else.</summary>
    public bool Asks(string reference, Guid? courseId, Guid? openingId, Guid? agreementId) =>
        (Reference, CourseId, OpeningId, AgreementId) == (reference, courseId, openingId, agreementId);

    /// <summary>The service holds the part: reserved once every part needed is held; given straight back if the placement was rejected or released meanwhile.</summary>
    public Placement Held(Part part, DateTimeOffset now)
    {
        if (this[part] != PartState.Requested) return this;
        if (State != PlacementState.Requested) return With(part, PartState.Released, now);

        var held = With(part, PartState.Held, now);
        return held.Seat is PartState.None or PartState.Held && held.Position is PartState.None or PartState.Held
            ? held with { State = PlacementState.Reserved, ReservedAt = now }
            : held;
    }

    /// <summary>The service refused the part: rejected with its reason, and what is held already is given back.</summary>
    public Placement Refused(Part part, string reason, DateTimeOffset now)
    {
        if (this[part] != PartState.Requested) return this;
        var refused = With(part, PartState.Refused, now);
        return State == PlacementState.Requested ? refused.GiveBack(PlacementState.Rejected, reason, now) : refused;
    }

    /// <summary>The person started. Only for a reserved placement.</summary>
    public Placement Confirm(DateTimeOffset now) => this with { State = PlacementState.Confirmed, ChangedAt = now };

    /// <summary>
    /// Cancelled, or not confirmed in time: released, with everything held given back. A part still asked for is given back
    /// when its answer comes (see <see cref="Held"/>). Only for a requested, reserved or confirmed placement.
    /// </summary>
    public Placement Release(string reason, DateTimeOffset now) => GiveBack(PlacementState.Released, reason, now);

    /// <summary>No answer came in time: rejected, with what is held given back, and what is held later too. Only for a requested placement.</summary>
    public Placement Expire(DateTimeOffset now) => GiveBack(PlacementState.Rejected, NoAnswerInTime, now);

    /// <summary>Whether <paramref name="next"/> gives back the part, which this placement had not given back yet.</summary>
    public bool GivesBack(Placement next, Part part) => this[part] != PartState.Released && next[part] == PartState.Released;

    private Placement GiveBack(PlacementState state, string reason, DateTimeOffset now) => this with
    {
        State = state,
        Reason = reason,
        Seat = Seat == PartState.Held ? PartState.Released : Seat,
        Position = Position == PartState.Held ? PartState.Released : Position,
        ChangedAt = now,
    };

    private Placement With(Part part, PartState state, DateTimeOffset now) =>
        part == Part.Seat ? this with { Seat = state, ChangedAt = now } : this with { Position = state, ChangedAt = now };
}
