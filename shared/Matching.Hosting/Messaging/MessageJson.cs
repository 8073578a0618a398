using System.Text.Json;
using System.Text.Json.Serialization;

namespace Matching.Hosting.Messaging;

/// <summary>One JSON shape for HTTP bodies, outbox rows and bus messages: camelCase, enums as their names, never as numbers.</summary>
public static class MessageJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false));
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.NumberHandling = JsonNumberHandling.Strict; // "10" is text, not a number
        options.MaxDepth = 32;
        return options;
    }
}
