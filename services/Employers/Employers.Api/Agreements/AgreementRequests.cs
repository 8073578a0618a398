using System.ComponentModel.DataAnnotations;
using Matching.Hosting.Http;
using Matching.Vocabulary;

namespace Employers.Api.Agreements;

/// <summary>The city signs an agreement with an employer. Every field is nullable, so a missing one is reported rather than defaulted.</summary>
/// <param name="Occupations">Required: ISCO-08 prefixes, or <c>[]</c> for all of the employer's openings.</param>
/// <param name="LanguageSupport">Optional description of the support at work.</param>
public sealed record SignAgreementRequest(
    [property: Required] string? EmployerId,
    [property: Required] string?[]? Occupations,
    [property: Required] Level? MinLevel,
    [property: Required] int? Quota,
    [property: Required] DateOnly? ValidFrom,
    [property: Required] DateOnly? ValidTo,
    string? LanguageSupport = null)
{
    private const int MaxOccupations = 50;

    /// <summary>The agreement to store as version 1 with its whole quota left, or null with what is wrong in <paramref name="problems"/>.</summary>
    public Agreement? ToAgreement(Problems problems)
    {
        var quota = problems.Range(Quota, "quota", 0, 10_000);
        var validFrom = problems.Date(ValidFrom, "validFrom");
        var validTo = problems.Date(ValidTo, "validTo");
        if (ValidFrom is not null && ValidTo is not null && validTo < validFrom) problems.Add("validTo", "must be on or after validFrom");

        var agreement = new Agreement
        {
            Id = Guid.CreateVersion7(),
            Version = 1,
            EmployerId = problems.EmployerId(EmployerId),
            Occupations = ToOccupations(problems),
            MinLevel = problems.Required(MinLevel, "minLevel"),
            Quota = quota,
            QuotaLeft = quota,
            ValidFrom = validFrom,
            ValidTo = validTo,
            LanguageSupport = problems.OptionalText(LanguageSupport, "languageSupport", 500),
        };
        return problems.Any ? null : agreement;
    }

    // Required although it may be empty: leaving it out must not silently widen the agreement to every occupation.
    private string[] ToOccupations(Problems problems)
    {
        if (Occupations is null)
        {
            problems.Add("occupations", "is required ([] covers all of the employer's openings)");
            return [];
        }

        if (Occupations.Length > MaxOccupations)
        {
            problems.Add("occupations", $"must list at most {MaxOccupations} ISCO-08 prefixes");
            return [];
        }

        return Occupations.Select((code, i) => problems.Occupation(code, $"occupations[{i}]")).Distinct().ToArray();
    }
}
