namespace Portal.Web;

/// <summary>The texts of the city's figures: <c>Resources/FigureTexts.resx</c> (German) and <c>FigureTexts.en.resx</c>.</summary>
public sealed class FigureTexts;
