using System.Collections.Frozen;
using System.Text.Json;
using Matching.Hosting.Messaging;

namespace Matching.Api.Reports;

/// <summary>An enum value as the API writes it (<c>none</c>, <c>A2</c>, <c>job-related</c>), for the figures' cells and CSV.</summary>
public static class Names
{
    public static string Of<T>(T value) where T : struct, Enum => Cache<T>.ByValue[value];

    /// <summary>The value named <paramref name="name"/>; throws when there is none (the figures read only names they wrote).</summary>
    public static T Parse<T>(string name) where T : struct, Enum => Cache<T>.ByName[name];

    private static class Cache<T> where T : struct, Enum
    {
        public static readonly FrozenDictionary<T, string> ByValue =
            Enum.GetValues<T>().ToFrozenDictionary(value => value, value => JsonSerializer.Serialize(value, MessageJson.Options).Trim('"'));

        public static readonly FrozenDictionary<string, T> ByName = ByValue.ToFrozenDictionary(pair => pair.Value, pair => pair.Key);
    }
}
