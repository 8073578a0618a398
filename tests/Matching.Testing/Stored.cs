using Dapper;
using Matching.Hosting.Data;

namespace Matching.Testing;

/// <summary>Reads everything a service's database holds, to look for what must not be there (a pseudonym after its erasure).</summary>
public static class Stored
{
    /// <summary>Every row of every table, as <c>table: value | value | …</c>, one row a line (the tables the migrations made, the outbox and the audit log included).</summary>
    public static async Task<IReadOnlyList<string>> RowsAsync(TestDatabase database)
    {
        await using var connection = await database.Db.OpenAsync();
        var tables = await connection.QueryAsync<string>(database.Provider == DatabaseProvider.Sqlite
            ? "select name from sqlite_master where type = 'table'"
            : "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'");
        var rows = new List<string>();
        foreach (var table in tables)
        {
            foreach (IDictionary<string, object?> row in await connection.QueryAsync($"select * from \"{table}\""))
                rows.Add($"{table}: {string.Join(" | ", row.Values.Select(Text))}");
        }
        return rows;
    }

    /// <summary>The rows (as <see cref="RowsAsync"/> writes them) that contain any of <paramref name="needles"/>.</summary>
    public static async Task<IReadOnlyList<string>> FindAsync(TestDatabase database, IEnumerable<string> needles)
    {
        var looked = needles.ToArray();
        return (await RowsAsync(database)).Where(row => looked.Any(needle => row.Contains(needle, StringComparison.Ordinal))).ToList();
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        byte[] bytes => System.Text.Encoding.UTF8.GetString(bytes),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}
