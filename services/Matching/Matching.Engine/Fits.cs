using Matching.Contracts;

namespace Matching.Engine;

/// <summary>The courses and openings that fit one request: what the index or the scan found.</summary>
internal sealed class Fits(MatchRequest request)
{
    public MatchRequest Request => request;

    public List<FitCourse> Courses { get; } = [];

    public List<FitOpening> Openings { get; } = [];

    public int Count => Courses.Count + Openings.Count;

    /// <summary>What a course or opening must be able to score (as shown) to be kept: below it, it is passed over.
    /// A reader raises it to the last score of a full list, as what cannot reach that cannot enter the list.</summary>
    public double Bar { get; set; } = double.NegativeInfinity;

    /// <summary>The highest score (as shown) that what was passed over could have reached; −∞ if nothing was.</summary>
    public double PassedOver { get; private set; } = double.NegativeInfinity;

    /// <summary>Worked out once, as every distance from the person takes it.</summary>
    private readonly double cosFrom = GreatCircle.CosLat(request.Location);

    /// <param name="cosLat">The cosine of the course's latitude, where the index keeps it.</param>
    public void Consider(CourseState course, double? cosLat = null)
    {
        if (Rules.Fits(course, request, cosFrom, cosLat, out var km) && Clears(Scoring.Ceiling(course, km, request)))
            Courses.Add(new FitCourse(course, km, request));
    }

    /// <param name="agreementsOf">The agreements of an employer (others are ignored, so all agreements do too); asked
    /// only for openings that fit, as the index finds them by employer id, and most openings in reach do not fit.</param>
    /// <param name="cosLat">The cosine of the opening's latitude, where the index keeps it.</param>
    public void Consider(OpeningState opening, Func<string, IReadOnlyList<AgreementState>> agreementsOf, double? cosLat = null)
    {
        if (!Rules.Fits(opening, request, cosFrom, cosLat, out var km))
            return;
        var agreement = Rules.Lowering(opening, agreementsOf(opening.EmployerId));
        if (Clears(Scoring.Ceiling(opening, km, agreement, request)))
            Openings.Add(new FitOpening(opening, km, agreement, request));
    }

    private bool Clears(double ceiling)
    {
        var shown = Scoring.Rounded(ceiling);
        if (shown >= Bar)
            return true;
        PassedOver = Math.Max(PassedOver, shown);
        return false;
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

    // Cheap, so worked out when read rather than held: a broad request makes many, and each byte adds to collections.
    public double Room => Scoring.Room(course.SeatsFree);
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

    // Cheap, so worked out when read rather than held: a broad request makes many, and each byte adds to collections.
    public double Room => Scoring.Room(opening.PositionsLeft);

    public double Commitment => Scoring.Commitment(opening, agreement);
}
