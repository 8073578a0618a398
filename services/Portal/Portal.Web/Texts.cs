namespace Portal.Web;

/// <summary>The portal's texts: <c>Resources/Texts.resx</c> (German) and one file per further language.</summary>
public sealed class Texts;
