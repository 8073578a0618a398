using System.Text.Json.Serialization;

namespace Matching.Vocabulary;

/// <summary>Where a person stands for integration courses (and literacy courses, which are integration courses) under the
/// federal regulations (§ 44, § 44a AufenthG; IntV).</summary>
public enum IntegrationCourseStatus
{
    /// <summary>Has a right to attend.</summary>
    [JsonStringEnumMemberName("entitled")] Entitled,

    /// <summary>Was obliged to attend by the immigration office or the job centre.</summary>
    [JsonStringEnumMemberName("obliged")] Obliged,

    /// <summary>Was admitted on application, within the places available.</summary>
    [JsonStringEnumMemberName("admitted")] Admitted,

    /// <summary>Is neither entitled nor obliged nor admitted.</summary>
    [JsonStringEnumMemberName("none")] None,
}
