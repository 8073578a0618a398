using System.Text.Json;
using Dapper;
using Matching.Contracts;
using Matching.Hosting.Data;
using Matching.Hosting.Messaging;

namespace Matching.Api.Projections;

/// <summary>Keeps the newest state of every course, opening and agreement; an older or equal version changes nothing.</summary>
public sealed class ProjectionStore(Db db)
{
    public Task SaveAsync(CourseState course) => SaveAsync("courses", course.Id, course.Version, course);

    public Task SaveAsync(OpeningState opening) => SaveAsync("openings", opening.Id, opening.Version, opening);

    public Task SaveAsync(AgreementState agreement) => SaveAsync("agreements", agreement.Id, agreement.Version, agreement);

    /// <summary>Every stored row, each with its state or with why it cannot be read: one bad row must not keep the others out.</summary>
    public async Task<(IReadOnlyList<Stored<CourseState>> Courses, IReadOnlyList<Stored<OpeningState>> Openings, IReadOnlyList<Stored<AgreementState>> Agreements)> LoadAllAsync(
        CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return (await LoadAsync<CourseState>("courses"), await LoadAsync<OpeningState>("openings"), await LoadAsync<AgreementState>("agreements"));

        async Task<IReadOnlyList<Stored<T>>> LoadAsync<T>(string table) where T : class =>
            (await connection.QueryAsync<Row>($"select id as Id, state as State from {table}"))
                .Select(row => Read<T>(table, row))
                .ToList();
    }

    // A row stored before its version was checked may hold one beyond any real count: the next valid version replaces it.
    private async Task SaveAsync<T>(string table, Guid id, long version, T state)
    {
        var upsert = $"""
            insert into {table} (id, version, state) values (@Id, @Version, @State)
            on conflict (id) do update set version = excluded.version, state = excluded.state
            where {table}.version < excluded.version or {table}.version > @MaxVersion
            """;
        await using var work = await db.BeginAsync();
        await work.ExecuteAsync(upsert, new
        {
            Id = id, Version = version, State = JsonSerializer.Serialize(state, MessageJson.Options), StateRules.MaxVersion,
        });
        await work.CommitAsync();
    }

    // The exception's message may quote the row; its path says where it broke without saying what it held.
    private static Stored<T> Read<T>(string table, Row row) where T : class
    {
        try
        {
            var state = JsonSerializer.Deserialize<T>(row.State, MessageJson.Options);
            return new Stored<T>(table, row.Id, state, state is null ? "holds null" : null);
        }
        catch (JsonException exception)
        {
            return new Stored<T>(table, row.Id, null, $"does not read as a {typeof(T).Name} (at {exception.Path ?? "$"})");
        }
    }

    private sealed class Row
    {
        public Guid Id { get; init; }
        public string State { get; init; } = "";
    }
}

/// <summary>One stored row: its <paramref name="State"/>, or the <paramref name="Problem"/> that keeps it from being read.</summary>
public sealed record Stored<T>(string Table, Guid Id, T? State, string? Problem) where T : class;
