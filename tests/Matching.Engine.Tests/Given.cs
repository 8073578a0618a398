using Matching.Vocabulary;

namespace Matching.Engine.Tests;

/// <summary>Places from the gazetteer (GeoNames, CC BY 4.0).</summary>
internal static class Places
{
    public static readonly GeoPoint Meiderich = new(51.46667, 6.76667);
    public static readonly GeoPoint Hochfeld = new(51.41943, 6.75462);
    public static readonly GeoPoint Rheinhausen = new(51.40055, 6.71187);
    public static readonly GeoPoint Oberhausen = new(51.47805, 6.8625);
    public static readonly GeoPoint Essen = new(51.45657, 7.01228);
    public static readonly GeoPoint Berlin = new(52.52437, 13.41053);
}

/// <summary>A person, a course, an opening and an agreement that all fit together; tests change what they are about.</summary>
internal static class Given
{
    public static readonly DateOnly January4 = new(2027, 1, 4);

    /// <summary>An A2 speaker in Meiderich, available from 2027-01-04, any schedule, any occupation.</summary>
    public static MatchRequest Person(Level level = Level.A2) => new(
        Reference: "case-4711",
        Level: level,
        Location: Places.Meiderich,
        MaxDistanceKm: 15,
        AvailableFrom: January4,
        Schedules: [],
        NeedsChildcare: false,
        Occupations: [],
        Limit: 10);

    /// <summary>A2 → B1 in Hochfeld (5.3 km from Meiderich), 2027-01-11 to 2027-06-30, mornings, 6 seats free.</summary>
    public static Course Course(string title = "Berufssprachkurs B1", GeoPoint? at = null) => new(
        Id: Guid.NewGuid(),
        Version: 1,
        ProviderId: "vhs-duisburg",
        Title: title,
        Kind: CourseKind.JobRelated,
        LevelFrom: Level.A2,
        LevelTo: Level.B1,
        At: at ?? Places.Hochfeld,
        Online: false,
        StartsOn: new DateOnly(2027, 1, 11),
        EndsOn: new DateOnly(2027, 6, 30),
        Schedule: Schedule.Morning,
        Childcare: false,
        SeatsFree: 6,
        Withdrawn: false);

    /// <summary>A warehouse job (ISCO 9333) in Rheinhausen (8.3 km from Meiderich) for A2, from 2027-08-01, 3 positions.</summary>
    public static Opening Opening(string employer = "rhein-logistik", string title = "Lagerhelfer/in", GeoPoint? at = null) => new(
        Id: Guid.NewGuid(),
        Version: 1,
        EmployerId: employer,
        Title: title,
        Occupation: "9333",
        At: at ?? Places.Rheinhausen,
        MinLevel: Level.A2,
        PositionsLeft: 3,
        StartsOn: new DateOnly(2027, 8, 1),
        LanguageSupport: false,
        Closed: false);

    /// <summary>An agreement of rhein-logistik: freight handlers (ISCO 93…) at A2 with language support, all of 2027.</summary>
    public static Agreement Agreement(string employer = "rhein-logistik") => new(
        Id: Guid.NewGuid(),
        Version: 1,
        EmployerId: employer,
        Occupations: ["93"],
        MinLevel: Level.A2,
        QuotaLeft: 10,
        ValidFrom: new DateOnly(2027, 1, 1),
        ValidTo: new DateOnly(2027, 12, 31),
        LanguageSupport: "Deutsch am Arbeitsplatz, 2 h/Woche");
}
