namespace Matching.Vocabulary;

/// <summary>A point on the Earth in decimal degrees.</summary>
public readonly record struct GeoPoint(double Lat, double Lon);
