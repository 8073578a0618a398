using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Matching.Hosting.Http;

/// <summary>
/// Which page of a long list an answer shows: <see cref="Page"/> 1 is the first, <see cref="PageSize"/> to a page. The answer
/// stays a JSON array; <c>X-Total-Count</c> and <c>Link</c> (<c>rel="next"</c>, <c>rel="prev"</c>) say how it goes on.
/// </summary>
public sealed record Paging(int Page, int PageSize)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 100;

    public static Paging First { get; } = new(1, DefaultPageSize);

    /// <summary>How many come before this page.</summary>
    public long Offset => (long)(Page - 1) * PageSize;

    /// <summary>
    /// The page a query asks for: <c>page</c> at least 1 (1 when left out), <c>pageSize</c> from 1 to 100 (50 when left
    /// out); what is wrong goes to <paramref name="problems"/>. Taken as text, so that <c>page=first</c> is named too.
    /// </summary>
    public static Paging From(Problems problems, string? page, string? pageSize) => new(
        Whole(problems, page, "page", 1, int.MaxValue, 1),
        Whole(problems, pageSize, "pageSize", 1, MaxPageSize, DefaultPageSize));

    /// <summary>
    /// <c>X-Total-Count</c>, and <c>Link</c> to the pages before and after this one of the list at <paramref name="list"/>
    /// (its path and filter, e.g. <c>/courses?providerId=vhs-duisburg</c>).
    /// </summary>
    public void Describe(HttpResponse response, string list, long total)
    {
        response.Headers["X-Total-Count"] = total.ToString(CultureInfo.InvariantCulture);
        var links = new List<string>();
        if (Page > 1) links.Add(Link(list, Page - 1, "prev"));
        if (Offset + PageSize < total) links.Add(Link(list, Page + 1, "next"));
        if (links.Count > 0) response.Headers.Link = string.Join(", ", links);
    }

    private string Link(string list, int page, string relation) =>
        string.Create(CultureInfo.InvariantCulture, $"<{list}&page={page}&pageSize={PageSize}>; rel=\"{relation}\"");

    private static int Whole(Problems problems, string? text, string field, int min, int max, int fallback)
    {
        if (string.IsNullOrEmpty(text)) return fallback;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
        problems.Add(field, max == int.MaxValue ? $"must be a whole number of at least {min}" : $"must be a whole number from {min} to {max}");
        return fallback;
    }
}
