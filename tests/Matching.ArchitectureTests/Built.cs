namespace Matching.ArchitectureTests;

/// <summary>Where each project's assembly is built, in the configuration these tests were built in.</summary>
internal static class Built
{
    private static readonly Dictionary<string, string> Projects = new()
    {
        ["Matching.Vocabulary"] = "shared/Matching.Vocabulary",
        ["Matching.Contracts"] = "shared/Matching.Contracts",
        ["Matching.Hosting"] = "shared/Matching.Hosting",
        ["Matching.Engine"] = "services/Matching/Matching.Engine",
        ["Courses.Api"] = "services/Courses/Courses.Api",
        ["Employers.Api"] = "services/Employers/Employers.Api",
        ["Matching.Api"] = "services/Matching/Matching.Api",
        ["Identity.Api"] = "services/Identity/Identity.Api",
    };

    private static readonly string Root = FindRoot();

    private static readonly string Configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

    public static string Assembly(string name)
    {
        var path = Path.Combine(Root, Projects[name], "bin", Configuration, "net10.0", name + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build {Projects[name]} first", path);
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Matching.sln"))) return folder.FullName;
        throw new DirectoryNotFoundException("Matching.sln not found above " + AppContext.BaseDirectory);
    }
}
