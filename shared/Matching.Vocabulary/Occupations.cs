namespace Matching.Vocabulary;

/// <summary>
/// Occupations are ISCO-08 codes: 1 digit for a major group ("9", elementary occupations) down to 4 for a unit group
/// ("9333", freight handlers). A shorter code is a prefix that covers every longer code it starts.
/// </summary>
public static class Occupations
{
    public const int MaxCodeLength = 4;

    /// <summary>An ISCO-08 code or prefix: 1 to 4 ASCII digits.</summary>
    public static bool IsCode(string code) => code.Length is > 0 and <= MaxCodeLength && code.All(char.IsAsciiDigit);
}
