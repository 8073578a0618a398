using Matching.Contracts;

namespace Matching.Engine;

/// <summary>What a reader of the <see cref="Catalog"/> has not read yet: it lies <paramref name="Km"/> from the person or
/// farther, and its openings effectively need <paramref name="LowestNeed"/> to <paramref name="HighestNeed"/> (null when
/// there are no openings).</summary>
internal readonly record struct Unread(double Km, Level? LowestNeed, Level? HighestNeed);
