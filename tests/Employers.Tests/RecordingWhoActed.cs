using System.Net;
using System.Net.Http.Json;
using Dapper;
using Employers.Api.Agreements;
using Employers.Api.Openings;
using Matching.Hosting.Data;
using Matching.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Employers.Tests;

/// <summary>
/// Every change is audited in its own transaction: who (the token's subject and role), what, to which opening or
/// agreement. An agreement also shows which coordinator signed it, by subject, never by name.
/// </summary>
public sealed class RecordingWhoActed(EmployersApi api) : IClassFixture<EmployersApi>
{
    [Fact]
    public async Task Posting_changing_and_closing_an_opening_should_each_record_the_employer_that_did_it()
    {
        var employer = api.AsEmployer();
        var opening = await api.ReadAsync<OpeningResponse>(await api.PostAsync("/openings", Requests.Opening()));

        Assert.Equal(HttpStatusCode.OK, (await employer.PutAsJsonAsync($"/openings/{opening.Id}/positions", new { positionsLeft = 2 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await employer.PostAsync($"/openings/{opening.Id}/close", null)).StatusCode);
        await employer.PostAsync($"/openings/{opening.Id}/close", null);

        Assert.Equal(
        [
            ("test-employer-rhein-logistik", "employer", "opening.post"),
            ("test-employer-rhein-logistik", "employer", "opening.change-positions"),
            ("test-employer-rhein-logistik", "employer", "opening.close"),
        ], await AuditOfAsync(opening.Id));
    }

    [Fact]
    public async Task Signing_an_agreement_should_record_the_coordinator_and_show_who_signed()
    {
        var response = await api.PostAsync("/agreements", Requests.Agreement("pflege-west"), Tokens.Coordinator());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var agreement = await api.ReadAsync<AgreementResponse>(response);
        Assert.Equal("test-coordinator-account", agreement.SignedBy);
        Assert.Equal("test-coordinator-account", (string?)(await api.GetJsonAsync($"/agreements/{agreement.Id}"))["signedBy"]);
        Assert.Equal("test-coordinator-account", (string?)(await api.GetJsonArrayAsync("/agreements?employerId=pflege-west"))[0]!["signedBy"]);
        Assert.Equal([("test-coordinator-account", "coordinator", "agreement.sign")], await AuditOfAsync(agreement.Id));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task An_agreement_signed_before_signers_were_recorded_should_name_no_one(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        if (provider == DatabaseProvider.Postgres) DbUp.EnsureDatabase.For.PostgresqlDatabase(database.ConnectionString);
        var id = Guid.CreateVersion7();
        await using (var connection = await database.Db.OpenAsync())
        {
            await connection.ExecuteAsync(await FirstScriptAsync());
            await connection.ExecuteAsync("""
                insert into agreements (id, version, employer_id, min_level, quota, quota_left, valid_from, valid_to, language_support, occupations)
                values (@Id, 1, 'rhein-logistik', 'A2', 10, 10, @From, @To, null, '93')
                """, new { Id = id, From = new DateOnly(2027, 1, 1), To = new DateOnly(2027, 12, 31) });
        }

        Migrations.Run(database.Db, typeof(Program).Assembly, NullLogger.Instance);

        var agreement = await new AgreementRepository(database.Db).FindAsync(id);
        Assert.NotNull(agreement);
        Assert.Null(agreement.SignedBy);
        Assert.Null(AgreementResponse.From(agreement).SignedBy);
    }

    private static async Task<string> FirstScriptAsync()
    {
        var assembly = typeof(Program).Assembly;
        var name = assembly.GetManifestResourceNames().Single(resource => resource.EndsWith(".Migrations.0001_employers.sql", StringComparison.Ordinal));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
        return await reader.ReadToEndAsync();
    }

    private async Task<(string Subject, string Role, string Action)[]> AuditOfAsync(Guid resource)
    {
        await using var connection = await api.Database.Db.OpenAsync();
        var entries = await connection.QueryAsync<(string, string, string)>(
            "select subject, role, action from audit_log where resource_id = @Id order by at, id", new { Id = resource.ToString() });
        return entries.ToArray();
    }
}
