namespace Matching.Engine;

/// <summary>The list being drawn up: at most <see cref="MatchRequest.Limit"/> suggestions, and (when
/// <paramref name="capped"/>) at most three per employer and three per course, so that no single one fills the list.</summary>
internal sealed class Shortlist(MatchRequest request, bool capped = true)
{
    public const int MaxPerEmployer = 3;
    public const int MaxPerCourse = 3;

    private readonly List<Candidate> chosen = [];
    private readonly Dictionary<string, int> perEmployer = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, int> perCourse = [];

    public MatchRequest Request => request;

    public bool IsFull => chosen.Count >= request.Limit;

    /// <summary>Whether no candidate that scores at most <paramref name="ceiling"/> could change the list: there is none
    /// (−∞), or the list is full and even its last scores higher (so a newcomer would come after it, whatever the
    /// tie-breaks).</summary>
    public bool IsSettled(double ceiling) => double.IsNegativeInfinity(ceiling) || IsFullAbove(Scoring.Rounded(ceiling));

    /// <summary>Whether the list is full and even its last scores above <paramref name="score"/>.</summary>
    public bool IsFullAbove(double score) => IsFull && (chosen.Count == 0 || chosen[^1].Score > score);

    /// <summary>What a newcomer must score (as shown) to enter the list: once it is full, its last score; else anything.</summary>
    public double Bar => IsFull && chosen.Count > 0 ? chosen[^1].Score : double.NegativeInfinity;

    public bool HasRoomFor(FitCourse course) => !capped || perCourse.GetValueOrDefault(course.Course.Id) < MaxPerCourse;

    public bool HasRoomFor(FitOpening opening) => !capped || perEmployer.GetValueOrDefault(opening.Opening.EmployerId) < MaxPerEmployer;

    public bool HasRoomFor(Candidate candidate) =>
        (candidate.Course is null || HasRoomFor(candidate.Course)) && (candidate.Opening is null || HasRoomFor(candidate.Opening));

    /// <summary>Takes candidates, best first, as far as the caps allow, until the list is full.</summary>
    public Shortlist DrawFrom(IEnumerable<Candidate> bestFirst)
    {
        if (IsFull)
            return this;

        foreach (var candidate in bestFirst)
        {
            if (!HasRoomFor(candidate))
                continue;

            chosen.Add(candidate);
            if (candidate.Course is { Course.Id: var courseId })
                perCourse[courseId] = perCourse.GetValueOrDefault(courseId) + 1;
            if (candidate.Opening is { Opening.EmployerId: var employerId })
                perEmployer[employerId] = perEmployer.GetValueOrDefault(employerId) + 1;
            if (IsFull)
                break;
        }
        return this;
    }

    /// <summary>Empties the list, to draw it again from more candidates.</summary>
    public void Clear()
    {
        chosen.Clear();
        perEmployer.Clear();
        perCourse.Clear();
    }

    public IReadOnlyList<Suggestion> Suggestions() => chosen.ConvertAll(candidate => candidate.ToSuggestion(request));
}
