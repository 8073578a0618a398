using System.Text.Json.Serialization;

namespace Matching.Vocabulary;

/// <summary>CEFR language levels in ascending order; the numeric order is the level order.</summary>
public enum Level
{
    [JsonStringEnumMemberName("none")] None = 0,
    A1 = 1,
    A2 = 2,
    B1 = 3,
    B2 = 4,
    C1 = 5,
    C2 = 6,
}

public enum CourseKind
{
    [JsonStringEnumMemberName("integration")] Integration,
    [JsonStringEnumMemberName("literacy")] Literacy,
    [JsonStringEnumMemberName("job-related")] JobRelated,
    [JsonStringEnumMemberName("specialised")] Specialised,
    [JsonStringEnumMemberName("other")] Other,
}

public enum Schedule
{
    [JsonStringEnumMemberName("morning")] Morning,
    [JsonStringEnumMemberName("afternoon")] Afternoon,
    [JsonStringEnumMemberName("evening")] Evening,
    [JsonStringEnumMemberName("weekend")] Weekend,
}
