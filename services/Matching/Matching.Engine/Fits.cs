using Matching.Contracts;

namespace Matching.Engine;

/// <summary>The courses and openings that fit one request: what the index or the scan found.</summary>
internal sealed class Fits(MatchRequest request)
{
    public MatchRequest Request => request;

    public List<FitCourse> Courses { get; } = [];

    public List<FitOpening> Openings { get; } = [];

    public void Consider(CourseState course)
    {
        if (Rules.Fits(course, request, out var km))
            Courses.Add(new FitCourse(course, km, request));
    }

    /// <param name="agreements">The employer's agreements (others are ignored, so all agreements do too).</param>
    public void Consider(OpeningState opening, IReadOnlyList<AgreementState> agreements)
    {
        if (Rules.Fits(opening, request, out var km))
            Openings.Add(new FitOpening(opening, km, Rules.Lowering(opening, agreements), request));
    }
}

/// <summary>A course that fits, with what its score is made of worked out once per request,
/// so that pairing it with openings is plain arithmetic.</summary>
internal sealed class FitCourse(CourseState course, double? km, MatchRequest request)
{
    public CourseState Course => course;

    /// <summary>Null for an online course.</summary>
    public double? Km => km;

    public double Nearness { get; } = Scoring.Nearness(km);

    public double Soonness { get; } = Scoring.Soonness(request.AvailableFrom, course.StartsOn);

    public double Room { get; } = Scoring.Room(course.SeatsFree);
}

/// <summary>An opening that fits, with the level it effectively needs and what its score is made of.</summary>
internal sealed class FitOpening(OpeningState opening, double km, AgreementState? agreement, MatchRequest request)
{
    public OpeningState Opening => opening;

    public double Km => km;

    /// <summary>The employer's agreement that lowers the level, if one does.</summary>
    public AgreementState? Agreement => agreement;

    /// <summary>The effective level: the opening's own, or the agreement's where that is lower.</summary>
    public Level Needs => agreement?.MinLevel ?? opening.MinLevel;

    public double Nearness { get; } = Scoring.Nearness(km);

    public double Soonness { get; } = Scoring.Soonness(request.AvailableFrom, opening.StartsOn);

    public double Room { get; } = Scoring.Room(opening.PositionsLeft);

    public double Commitment { get; } = Scoring.Commitment(opening, agreement);
}
