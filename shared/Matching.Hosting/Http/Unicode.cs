using System.Collections.Frozen;
using System.Text;

namespace Matching.Hosting.Http;

/// <summary>
/// Unicode's composed normal form (NFC, UAX #15): text that looks alike is then alike, code point for code point
/// ("ü" typed as u + ◌̈ becomes the one "ü"). The services run in .NET's invariant globalization mode, where
/// <see cref="string.Normalize()"/> does nothing, so this does the work on tables of its own (UnicodeTables.g.cs).
/// </summary>
internal static partial class Unicode
{
    // Hangul syllables are composed of jamo by arithmetic (The Unicode Standard, 3.12).
    private const int SBase = 0xAC00, LBase = 0x1100, VBase = 0x1161, TBase = 0x11A7;
    private const int LCount = 19, VCount = 21, TCount = 28, NCount = VCount * TCount, SCount = LCount * NCount;

    private static readonly FrozenDictionary<int, (int First, int Second)> Decomposition = ReadDecompositions();
    private static readonly FrozenDictionary<(int First, int Second), int> Composition = ReadCompositions();
    private static readonly FrozenDictionary<int, int> Classes = ReadClasses();

    /// <summary>The text in NFC; the text itself when it already is (as all text below U+0300 is).</summary>
    /// <remarks>The text must be well-formed UTF-16: every surrogate in its pair.</remarks>
    public static string Nfc(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange('\u0300', '\uFFFF'))
            return text;

        var decomposed = new List<int>(text.Length + 8);
        foreach (var rune in text.EnumerateRunes())
            Decompose(rune.Value, decomposed);
        Reorder(decomposed);
        Compose(decomposed);

        var composed = new StringBuilder(text.Length);
        foreach (var codePoint in decomposed)
            composed.Append(new Rune(codePoint).ToString());
        return composed.ToString();
    }

    private static void Decompose(int codePoint, List<int> into)
    {
        if (codePoint is >= SBase and < SBase + SCount)
        {
            var index = codePoint - SBase;
            into.Add(LBase + index / NCount);
            into.Add(VBase + index % NCount / TCount);
            if (index % TCount != 0)
                into.Add(TBase + index % TCount);
        }
        else if (Decomposition.TryGetValue(codePoint, out var pair))
        {
            Decompose(pair.First, into);
            if (pair.Second != 0)
                Decompose(pair.Second, into);
        }
        else
        {
            into.Add(codePoint);
        }
    }

    /// <summary>Marks between two starters in order of their combining class, keeping the order of equal classes.</summary>
    private static void Reorder(List<int> codePoints)
    {
        for (var i = 1; i < codePoints.Count; i++)
        {
            var mark = codePoints[i];
            var markClass = ClassOf(mark);
            if (markClass == 0)
                continue;
            var j = i;
            for (; j > 0 && ClassOf(codePoints[j - 1]) > markClass; j--)
                codePoints[j] = codePoints[j - 1];
            codePoints[j] = mark;
        }
    }

    /// <summary>Joins each starter with every following mark it composes with that nothing blocks, in place.</summary>
    private static void Compose(List<int> codePoints)
    {
        if (codePoints.Count == 0)
            return;

        var starter = 0;
        // The class of the last code point kept after the starter: 0 while none is, so that the next is adjacent to it;
        // above every class when the text begins with a mark, which has no starter to join.
        var lastClass = ClassOf(codePoints[0]) == 0 ? 0 : 256;
        var kept = 1;
        for (var i = 1; i < codePoints.Count; i++)
        {
            var codePoint = codePoints[i];
            var codePointClass = ClassOf(codePoint);
            if ((lastClass == 0 || lastClass < codePointClass) && Composite(codePoints[starter], codePoint) is { } composite)
            {
                codePoints[starter] = composite;
                continue;
            }

            if (codePointClass == 0)
                starter = kept;
            lastClass = codePointClass;
            codePoints[kept++] = codePoint;
        }

        codePoints.RemoveRange(kept, codePoints.Count - kept);
    }

    private static int? Composite(int first, int second)
    {
        if (first is >= LBase and < LBase + LCount && second is >= VBase and < VBase + VCount)
            return SBase + ((first - LBase) * VCount + second - VBase) * TCount;
        if (first is >= SBase and < SBase + SCount && (first - SBase) % TCount == 0 && second is > TBase and < TBase + TCount)
            return first + second - TBase;
        return Composition.TryGetValue((first, second), out var composite) ? composite : null;
    }

    private static int ClassOf(int codePoint) => Classes.GetValueOrDefault(codePoint);

    private static FrozenDictionary<int, (int, int)> ReadDecompositions()
    {
        var table = Decompositions;
        var map = new Dictionary<int, (int, int)>(table.Length / 4);
        for (var i = 0; i < table.Length; i += 4)
            map[table[i]] = (table[i + 1], table[i + 2]);
        return map.ToFrozenDictionary();
    }

    private static FrozenDictionary<(int, int), int> ReadCompositions()
    {
        var table = Decompositions;
        var map = new Dictionary<(int, int), int>();
        for (var i = 0; i < table.Length; i += 4)
        {
            if (table[i + 3] == 1)
                map[(table[i + 1], table[i + 2])] = table[i];
        }
        return map.ToFrozenDictionary();
    }

    private static FrozenDictionary<int, int> ReadClasses()
    {
        var table = CombiningClasses;
        var map = new Dictionary<int, int>(table.Length / 2);
        for (var i = 0; i < table.Length; i += 2)
            map[table[i]] = table[i + 1];
        return map.ToFrozenDictionary();
    }
}
