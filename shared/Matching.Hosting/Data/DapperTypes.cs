using System.Data;
using Dapper;
using Npgsql;

namespace Matching.Hosting.Data;

/// <summary>
/// Dapper type handlers that let the same SQL run on both databases: PostgreSQL gets native
/// uuid/date/timestamptz values, SQLite gets their ISO text forms.
/// </summary>
internal static class DapperTypes
{
    private static int registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref registered, 1) == 1) return;
        SqlMapper.RemoveTypeMap(typeof(Guid));
        SqlMapper.RemoveTypeMap(typeof(Guid?));
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset));
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset?));
        SqlMapper.AddTypeHandler(new GuidHandler());
        SqlMapper.AddTypeHandler(new DateOnlyHandler());
        SqlMapper.AddTypeHandler(new DateTimeOffsetHandler());
    }

    private sealed class GuidHandler : SqlMapper.TypeHandler<Guid>
    {
        public override void SetValue(IDbDataParameter parameter, Guid value)
        {
            if (parameter is NpgsqlParameter) { parameter.DbType = DbType.Guid; parameter.Value = value; }
            else { parameter.DbType = DbType.String; parameter.Value = value.ToString(); }
        }

        public override Guid Parse(object value) => value switch
        {
            Guid guid => guid,
            string text => Guid.Parse(text),
            byte[] bytes => new Guid(bytes),
            _ => throw new DataException($"Cannot read a Guid from {value.GetType().Name}"),
        };
    }

    private sealed class DateOnlyHandler : SqlMapper.TypeHandler<DateOnly>
    {
        public override void SetValue(IDbDataParameter parameter, DateOnly value)
        {
            if (parameter is NpgsqlParameter) { parameter.DbType = DbType.Date; parameter.Value = value; }
            else { parameter.DbType = DbType.String; parameter.Value = value.ToString("yyyy-MM-dd"); }
        }

        public override DateOnly Parse(object value) => value switch
        {
            DateOnly date => date,
            DateTime dateTime => DateOnly.FromDateTime(dateTime),
            string text => DateOnly.ParseExact(text, "yyyy-MM-dd"),
            _ => throw new DataException($"Cannot read a DateOnly from {value.GetType().Name}"),
        };
    }

    private sealed class DateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
        {
            if (parameter is NpgsqlParameter) { parameter.DbType = DbType.DateTimeOffset; parameter.Value = value.ToUniversalTime(); }
            // Fixed-width UTC text sorts in time order.
            else { parameter.DbType = DbType.String; parameter.Value = value.ToUniversalTime().ToString("O"); }
        }

        public override DateTimeOffset Parse(object value) => value switch
        {
            DateTimeOffset offset => offset,
            DateTime dateTime => new DateTimeOffset(DateTime.SpecifyKind(dateTime, DateTimeKind.Utc)),
            string text => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture),
            _ => throw new DataException($"Cannot read a DateTimeOffset from {value.GetType().Name}"),
        };
    }
}
