using Matching.Contracts;
using Matching.Hosting.Security;
using Matching.Vocabulary;

namespace Employers.Api.Agreements;

// Init properties rather than a positional record: Dapper maps SQLite's Int64 columns through setters, not constructors.

/// <summary>
/// An employer's agreement with the city, as stored: one row of <c>agreements</c>. Up to <see cref="Quota"/> hires into
/// <see cref="Occupations"/> at <see cref="MinLevel"/>, usually lower than the openings ask, because the employer gives
/// language support.
/// </summary>
public sealed record Agreement
{
    public required Guid Id { get; init; }
    public required long Version { get; init; }
    public required string EmployerId { get; init; }
    /// <summary>ISCO-08 prefixes the agreement covers; empty: all of the employer's openings.</summary>
    public required IReadOnlyList<string> Occupations { get; init; }
    public required Level MinLevel { get; init; }
    public required int Quota { get; init; }
    public required int QuotaLeft { get; init; }
    public required DateOnly ValidFrom { get; init; }
    public required DateOnly ValidTo { get; init; }
    /// <summary>What support the employer gives, e.g. "Deutsch am Arbeitsplatz, 2 h/Woche".</summary>
    public string? LanguageSupport { get; init; }
    /// <summary>The subject of the coordinator who signed it for the city (an account id, never a name); null for agreements signed before it was recorded.</summary>
    public string? SignedBy { get; init; }

    /// <summary>Whether the agreement holds on <paramref name="date"/>: from <see cref="ValidFrom"/> to <see cref="ValidTo"/>, both included.</summary>
    public bool IsValidOn(DateOnly date) => ValidFrom <= date && date <= ValidTo;

    /// <summary>Whether the agreement covers an ISCO-08 <paramref name="occupation"/>: it starts with one of its prefixes, or it names none.</summary>
    public bool Covers(string occupation) =>
        Occupations.Count == 0 || Occupations.Any(prefix => occupation.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>What the events carry to the other services.</summary>
    public AgreementState ToState() => new(Id, Version, EmployerId, Occupations, MinLevel, Quota, QuotaLeft,
        ValidFrom, ValidTo, LanguageSupport, SignedBy is null ? null : new Actor(SignedBy, Roles.Coordinator));
}

/// <summary>An agreement as the API shows it.</summary>
public sealed record AgreementResponse(
    Guid Id,
    long Version,
    string EmployerId,
    IReadOnlyList<string> Occupations,
    Level MinLevel,
    int Quota,
    int QuotaLeft,
    DateOnly ValidFrom,
    DateOnly ValidTo,
    string? LanguageSupport,
    string? SignedBy)
{
    public static AgreementResponse From(Agreement agreement) => new(agreement.Id, agreement.Version, agreement.EmployerId,
        agreement.Occupations, agreement.MinLevel, agreement.Quota, agreement.QuotaLeft, agreement.ValidFrom, agreement.ValidTo,
        agreement.LanguageSupport, agreement.SignedBy);
}
