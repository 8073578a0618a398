using System.Security.Cryptography;
using System.Text;
using Matching.Api.Placements;
using Matching.Hosting.Data;
using Matching.Vocabulary;
using Microsoft.Extensions.Options;

namespace Matching.Api.Reports;

/// <summary>The groups the fairness figures count by, and how they name them.</summary>
public static class Groups
{
    public const string Overall = "overall";
    public const string Level = "level";
    public const string Childcare = "childcare";
    public const string District = "district";
    public const string Literacy = "literacy";

    public const string All = "all";
    public const string Needed = "needed";
    public const string NotNeeded = "not needed";

    /// <summary>The dimensions counted in the database; <see cref="Overall"/> and <see cref="Literacy"/> are read from <see cref="Level"/>.</summary>
    public static readonly string[] Counted = [Level, Childcare, District];

    /// <summary>The dimensions in the order the report shows them, after <see cref="Overall"/>.</summary>
    public static readonly string[] Shown = [Level, Childcare, District, Literacy];

    public static string NeededOrNot(bool needed) => needed ? Needed : NotNeeded;
}

/// <summary>
/// The groups a person who asked falls into — the district nearest to the person, level and childcare need — and nothing
/// else of the person: no pseudonym, no location, no time of day.
/// </summary>
public readonly record struct GroupCell(string District, Level Level, bool Childcare)
{
    public static GroupCell Of(MatchCell cell) => new(cell.District, cell.Level, cell.Childcare);

    /// <summary>The group of each dimension counted in the database (<see cref="Groups.Counted"/>).</summary>
    public IEnumerable<(string Dimension, string Group)> Counted()
    {
        yield return (Groups.Level, Names.Of(Level));
        yield return (Groups.Childcare, Groups.NeededOrNot(Childcare));
        yield return (Groups.District, District);
    }
}

/// <summary>How many answered requests of a group had this best score (<see cref="MatchCell.TopScore"/>), and of those how many some course fitted.</summary>
public sealed record GroupCount(string Dimension, string Group, int TopScore, long Requests, long WithCourse);

/// <summary>How many people of a group have a placement confirmed (<see cref="Groups.Overall"/>: everyone, also those of no known group).</summary>
public sealed record GroupPlaced(string Dimension, string Group, long Placed);

/// <summary>Section <c>Reports</c>, the part about placements' groups.</summary>
public sealed class GroupOptions
{
    /// <summary>How long the group of a person who asked is held in memory, for a placement requested after the answer.</summary>
    public TimeSpan HeldFor { get; set; } = TimeSpan.FromDays(1);

    /// <summary>At most this many people's groups are held; beyond it a new one is not (and its placement counts in no group).</summary>
    public int MaxHeld { get; set; } = 200_000;
}

/// <summary>
/// The group of each person who asked lately, held in this process's memory only, so that a placement requested for the
/// person after the answer can be counted in that group. It is keyed by a keyed hash of the pseudonym whose key is made at
/// start and never leaves the process: nothing here is stored, and after a restart nothing here can be linked to anyone.
/// A placement requested from another replica than the one that answered is counted overall only.
/// </summary>
public sealed class LastAsked(TimeProvider clock, IOptions<GroupOptions> options)
{
    private readonly byte[] key = RandomNumberGenerator.GetBytes(32);
    private readonly Lock gate = new();
    private readonly Dictionary<UInt128, (GroupCell Cell, DateTimeOffset At)> held = [];
    private DateTimeOffset nextPrune = DateTimeOffset.MinValue;

    public void Remember(string reference, GroupCell cell)
    {
        var (id, now) = (Id(reference), clock.GetUtcNow());
        lock (gate)
        {
            if (now >= nextPrune) Prune(now);
            if (held.Count < options.Value.MaxHeld || held.ContainsKey(id)) held[id] = (cell, now);
        }
    }

    /// <summary>The group the person asked in last, if that is no longer ago than <see cref="GroupOptions.HeldFor"/>.</summary>
    public GroupCell? Find(string reference)
    {
        var (id, now) = (Id(reference), clock.GetUtcNow());
        lock (gate)
            return held.TryGetValue(id, out var entry) && now - entry.At <= options.Value.HeldFor ? entry.Cell : null;
    }

    /// <summary>The person was erased: what was held of them goes too.</summary>
    public void Forget(string reference)
    {
        var id = Id(reference);
        lock (gate) held.Remove(id);
    }

    private void Prune(DateTimeOffset now)
    {
        var heldFor = options.Value.HeldFor;
        foreach (var (id, entry) in held)
            if (now - entry.At > heldFor) held.Remove(id);
        nextPrune = now + TimeSpan.FromTicks(Math.Max(heldFor.Ticks / 10, TimeSpan.TicksPerSecond));
    }

    private UInt128 Id(string reference)
    {
        Span<byte> hash = stackalloc byte[32];
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(reference), hash);
        return BitConverter.ToUInt128(hash);
    }
}

/// <summary>
/// Notes the group of the person a placement is for when it is requested (a row of <c>placement_groups</c>, erased with the
/// placement), so that the fairness figures can count confirmed placements by group; a confirmed placement erased leaves
/// its count behind in <c>placed_counts</c>.
/// </summary>
public sealed class PlacementGroups(LastAsked lastAsked)
{
    private const string Insert = """
        insert into placement_groups (placement_id, district, level, childcare) values (@PlacementId, @District, @Level, @Childcare)
        on conflict (placement_id) do nothing
        """;

    /// <summary>In the unit of work that adds <paramref name="placement"/>; nothing when the person's group is not known here.</summary>
    public async Task NoteAsync(UnitOfWork work, Placement placement)
    {
        if (lastAsked.Find(placement.Reference) is not { } cell) return;
        await work.ExecuteAsync(Insert, new { PlacementId = placement.Id, cell.District, Level = Names.Of(cell.Level), cell.Childcare });
    }

    /// <summary>
    /// In the unit of work that erases the placements <paramref name="ids"/>: the confirmed ones among them are added to the
    /// counts of their groups (and overall), then every one's group row is erased.
    /// </summary>
    public static async Task KeepCountAsync(UnitOfWork work, IReadOnlyCollection<Guid> ids, IReadOnlyCollection<Guid> confirmed)
    {
        foreach (var id in confirmed)
        {
            await work.ExecuteAsync(AddPlaced, new { Dimension = Groups.Overall, Group = Groups.All });
            if (await work.QuerySingleOrDefaultAsync<NotedRow>(SelectNoted, new { Id = id }) is not { } noted) continue;
            foreach (var (dimension, group) in new GroupCell(noted.District, Names.Parse<Level>(noted.Level), noted.Childcare).Counted())
                await work.ExecuteAsync(AddPlaced, new { Dimension = dimension, Group = group });
        }
        await work.ExecuteAsync(DeleteNoted, ids.Select(id => new { Id = id }));
    }

    private const string SelectNoted = "select district as District, level as Level, childcare as Childcare from placement_groups where placement_id = @Id";

    private const string DeleteNoted = "delete from placement_groups where placement_id = @Id";

    private const string AddPlaced = """
        insert into placed_counts (dimension, grp, placed) values (@Dimension, @Group, 1)
        on conflict (dimension, grp) do update set placed = placed_counts.placed + 1
        """;

    private sealed class NotedRow
    {
        public string District { get; init; } = "";
        public string Level { get; init; } = "";
        public bool Childcare { get; init; }
    }
}
