using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Matching.Hosting.Http;

/// <summary>
/// A resource's version is its entity tag: every answer about one (a course, an opening) carries it in <c>ETag</c>, and a
/// change sent with <c>If-Match</c> applies only to a version the sender named — otherwise it is a 412 and nothing changes.
/// A change sent without <c>If-Match</c> applies as it always did.
/// </summary>
public static class ETags
{
    public static string Of(long version) => $"\"{version}\"";

    /// <summary>Answers with <paramref name="version"/> as the ETag.</summary>
    public static void Tag(this HttpResponse response, long version) => response.Headers.ETag = Of(version);

    /// <summary>
    /// Whether a change sent with <paramref name="ifMatch"/> may change what is now at <paramref name="version"/>: no
    /// If-Match, <c>*</c>, or a strong tag of that version among those listed. A header that cannot be read matches nothing.
    /// </summary>
    public static bool Allows(string? ifMatch, long version)
    {
        if (string.IsNullOrWhiteSpace(ifMatch)) return true;
        if (!EntityTagHeaderValue.TryParseStrictList([ifMatch], out var tags)) return false;
        var current = new EntityTagHeaderValue(Of(version));
        return tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: true));
    }

    /// <summary>A 412: the version sent in If-Match is no longer the current one, which the ETag shows.</summary>
    public static ProblemHttpResult PreconditionFailed(HttpResponse response, long version, string what)
    {
        response.Tag(version);
        return TypedResults.Problem(
            title: $"The {what} changed since the version sent in If-Match; read it again and decide anew.",
            statusCode: StatusCodes.Status412PreconditionFailed);
    }
}
