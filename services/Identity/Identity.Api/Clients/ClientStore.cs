using Dapper;
using Matching.Hosting.Data;

namespace Identity.Api.Clients;

/// <summary>The <c>clients</c> table.</summary>
public sealed class ClientStore(Db db)
{
    private const string Columns = """
        client_id as ClientId, secret_hash as SecretHash, role as Role, organisation as Organisation, redirect_uris as RedirectUris
        """;

    private const string SelectById = $"select {Columns} from clients where client_id = @ClientId";

    private const string SelectAll = $"select {Columns} from clients order by client_id";

    private const string Upsert = """
        insert into clients (client_id, secret_hash, role, organisation, redirect_uris)
        values (@ClientId, @SecretHash, @Role, @Organisation, @RedirectUris)
        on conflict (client_id) do update
        set secret_hash = excluded.secret_hash, role = excluded.role, organisation = excluded.organisation,
            redirect_uris = excluded.redirect_uris
        """;

    public async Task<Client?> FindAsync(string clientId, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Client>(SelectById, new { ClientId = clientId });
    }

    public async Task<IReadOnlyList<Client>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Client>(SelectAll)).AsList();
    }

    public async Task UpsertAsync(Client client, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(Upsert, client);
    }
}
