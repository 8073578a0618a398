using Matching.Vocabulary;

namespace Matching.Engine;

/// <summary>What a reader of the <see cref="Catalog"/> has not read yet: it lies <paramref name="Km"/> from the person or
/// farther, and its openings need what <paramref name="Needs"/> says any opening can.</summary>
internal readonly record struct Unread(double Km, Needs Needs);

/// <summary>
/// The levels the catalog's openings can effectively need: between <paramref name="Lowest"/> and
/// <paramref name="Highest"/> (both null when there are no openings), and, where an agreement lowers one, a level in
/// <paramref name="Accepted"/> (a bit per level that an agreement with quota left accepts). They tell a reader whether
/// jobs or pathways can still come, and how much an agreement can still add.
/// </summary>
internal readonly record struct Needs(Level? Lowest, Level? Highest, int Accepted)
{
    /// <summary>What a reader assumes when it knows nothing: any level, any agreement.</summary>
    public static Needs Any { get; } = new(Level.None, Level.C2, ~0);

    /// <summary>Whether an agreement accepts <paramref name="level"/>.</summary>
    public bool Accepts(Level level) => (Accepted & (1 << (int)level)) != 0;

    /// <summary>The highest level at most <paramref name="level"/> that an agreement accepts, if any.</summary>
    public Level? HighestAcceptedUpTo(Level level)
    {
        for (var accepted = level; accepted >= 0; accepted--)
        {
            if (Accepts(accepted))
                return accepted;
        }
        return null;
    }

    /// <summary>Whether an agreement accepts a level above <paramref name="level"/> (so an opening it lowers may still
    /// need a course first).</summary>
    public bool AcceptsAbove(Level level) => Accepted >> ((int)level + 1) != 0;
}
