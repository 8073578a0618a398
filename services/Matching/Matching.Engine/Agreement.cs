using Matching.Vocabulary;

namespace Matching.Engine;

/// <summary>An employer's agreement with the city: while quota is left, hires into <paramref name="Occupations"/>
/// (ISCO-08 prefixes; empty = all) at <paramref name="MinLevel"/> for openings that start between
/// <paramref name="ValidFrom"/> and <paramref name="ValidTo"/>.</summary>
/// <param name="Version">Only a newer version replaces the one the <see cref="Catalog"/> holds.</param>
/// <param name="LanguageSupport">The language support at work the employer commits to, if any.</param>
public sealed record Agreement(
    Guid Id,
    long Version,
    string EmployerId,
    IReadOnlyList<string> Occupations,
    Level MinLevel,
    int QuotaLeft,
    DateOnly ValidFrom,
    DateOnly ValidTo,
    string? LanguageSupport);
