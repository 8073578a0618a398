namespace Portal.Web.Forms;

/// <summary>One form field as <c>_Field</c> draws it: its label, what it holds, and the hint and error beside it.</summary>
/// <param name="Choices">For a list to choose from: value → text; null for a typed field.</param>
public sealed record Field(
    string Name,
    string Label,
    string? Value,
    string? Error,
    string Type = "text",
    string? Hint = null,
    IReadOnlyList<(string Value, string Text)>? Choices = null);
