namespace Matching.Vocabulary;

/// <summary>A location in a request: <c>{ "lat", "lon" }</c> or <c>{ "place" }</c>, optionally with postal code and address.</summary>
public sealed record LocationInput(double? Lat, double? Lon, string? Place, string? PostalCode, string? Address);
