using System.Text.Json;
using System.Text.Json.Serialization;
using Matching.Hosting.Data;
using Matching.Testing;

namespace Identity.Tests;

/// <summary>
/// What one identity service keeps between starts: its database, its keys folder and its seed file. It outlives
/// an <see cref="IdentityApp"/>, so a test can stop the service and start it again on the same state.
/// </summary>
public sealed class Storage : IDisposable
{
    private Storage(TestDatabase database)
    {
        Database = database;
        Folder = Path.Combine(Path.GetTempPath(), "identity-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        File.WriteAllText(SeedFile, JsonSerializer.Serialize(Seed.Standard, new JsonSerializerOptions { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull }));
    }

    public TestDatabase Database { get; }

    public string Folder { get; }

    public string KeysPath => Path.Combine(Folder, "keys");

    public string SeedFile => Path.Combine(Folder, "seed.json");

    public static Storage Create(DatabaseProvider provider = DatabaseProvider.Sqlite) => new(TestDatabase.Create(provider));

    /// <summary>The settings that point a service at this storage.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Database:Provider"] = Database.Provider.ToString(),
        ["ConnectionStrings:Database"] = Database.ConnectionString,
        ["Identity:KeysPath"] = KeysPath,
        ["Identity:SeedFile"] = SeedFile,
        // The rate limit has tests of its own; elsewhere it would only get in the way of many sign-ins in a row.
        ["Identity:SignInAttemptsPerMinute"] = "10000",
    };

    public void Dispose()
    {
        Database.Dispose();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
