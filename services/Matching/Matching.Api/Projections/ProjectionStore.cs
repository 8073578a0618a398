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

    public async Task<(IReadOnlyList<CourseState> Courses, IReadOnlyList<OpeningState> Openings, IReadOnlyList<AgreementState> Agreements)> LoadAllAsync(
        CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return (await LoadAsync<CourseState>("courses"), await LoadAsync<OpeningState>("openings"), await LoadAsync<AgreementState>("agreements"));

        async Task<IReadOnlyList<T>> LoadAsync<T>(string table) =>
            (await connection.QueryAsync<string>($"select state from {table}"))
                .Select(state => JsonSerializer.Deserialize<T>(state, MessageJson.Options)!)
                .ToList();
    }

    private async Task SaveAsync<T>(string table, Guid id, long version, T state)
    {
        var upsert = $"""
            insert into {table} (id, version, state) values (@Id, @Version, @State)
            on conflict (id) do update set version = excluded.version, state = excluded.state
            where {table}.version < excluded.version
            """;
        await using var connection = await db.OpenAsync();
        await connection.ExecuteAsync(upsert, new { Id = id, Version = version, State = JsonSerializer.Serialize(state, MessageJson.Options) });
    }
}
