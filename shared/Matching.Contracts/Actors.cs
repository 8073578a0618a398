namespace Matching.Contracts;

/// <summary>Who acted, as the token named them: the subject of an account or machine client and its role — never a name.</summary>
public sealed record Actor(string Subject, string Role);
