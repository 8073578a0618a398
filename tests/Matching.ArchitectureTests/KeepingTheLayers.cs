using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using NetArchTest.Rules;

namespace Matching.ArchitectureTests;

/// <summary>
/// The house plan (docs/architecture.md): the vocabulary depends on nothing, the contracts only on the vocabulary,
/// the engine only on the vocabulary and OR-Tools, Hosting on no contract or service, and no service on another.
/// </summary>
public sealed class KeepingTheLayers
{
    private static readonly string[] Services = ["Courses.Api", "Employers.Api", "Matching.Api", "Identity.Api"];

    [Fact]
    public void The_vocabulary_should_reference_nothing_but_the_framework() =>
        AssertReferencesOnly("Matching.Vocabulary", []);

    [Fact]
    public void The_contracts_should_reference_only_the_vocabulary() =>
        AssertReferencesOnly("Matching.Contracts", ["Matching.Vocabulary"]);

    [Fact]
    public void The_engine_should_reference_only_the_vocabulary_and_the_solver() =>
        AssertReferencesOnly("Matching.Engine", ["Matching.Vocabulary", "Google.OrTools", "Google.Protobuf"]);

    [Fact]
    public void The_engine_should_do_no_input_or_output()
    {
        var result = Types.FromFile(Built.Assembly("Matching.Engine")).Should()
            .NotHaveDependencyOnAny(Io).GetResult();
        Assert.True(result.IsSuccessful, "The engine depends on I/O: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void The_engine_should_read_no_clock_and_draw_no_random_numbers_of_its_own()
    {
        var calls = Calls.Of(Built.Assembly("Matching.Engine")).Where(Calls.IsClockOrChance).ToList();
        Assert.True(calls.Count == 0, "The engine reads the clock or draws random numbers: " + string.Join(", ", calls));
    }

    [Fact]
    public void Hosting_should_know_no_contract_and_no_service() =>
        AssertReferencesNone("Matching.Hosting", ["Matching.Contracts", "Matching.Engine", .. Services]);

    [Theory]
    [InlineData("Matching.Hosting.Data", "Matching.Hosting.Messaging")]
    [InlineData("Matching.Hosting.Messaging", "Matching.Hosting.Data")]
    public void Inside_Hosting_data_and_messaging_should_not_use_each_other(string layer, string forbidden)
    {
        var result = Types.FromFile(Built.Assembly("Matching.Hosting")).That().ResideInNamespace(layer)
            .Should().NotHaveDependencyOn(forbidden).GetResult();
        Assert.True(result.IsSuccessful, $"{layer} uses {forbidden}: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Theory]
    [InlineData("Courses.Api")]
    [InlineData("Employers.Api")]
    [InlineData("Matching.Api")]
    [InlineData("Identity.Api")]
    public void A_service_should_reference_no_other_service(string service) =>
        AssertReferencesNone(service, Services.Where(other => other != service).ToArray());

    /// <summary>The rules above must be able to fail: Hosting, which does I/O by design, breaks the engine's rules.</summary>
    [Fact]
    public void The_rules_should_catch_a_forbidden_reference()
    {
        Assert.NotEmpty(Forbidden("Matching.Hosting", ["Matching.Vocabulary"]));
        Assert.False(Types.FromFile(Built.Assembly("Matching.Hosting")).Should().NotHaveDependencyOnAny(Io).GetResult().IsSuccessful);
        Assert.Contains(Calls.Of(Built.Assembly("Matching.Hosting")), Calls.IsClockOrChance);
    }

    /// <summary>What I/O looks like from inside an assembly: files, network, databases, hosting, the bus and the logger.</summary>
    private static readonly string[] Io =
    [
        "System.IO.File", "System.IO.Directory", "System.IO.FileStream", "System.Net", "System.Data", "Microsoft.Data",
        "Microsoft.AspNetCore", "Microsoft.Extensions", "MassTransit", "Dapper", "Npgsql", "Serilog", "Matching.Hosting",
        "Matching.Contracts",
    ];

    private static void AssertReferencesOnly(string assembly, string[] allowed)
    {
        var forbidden = Forbidden(assembly, allowed);
        Assert.True(forbidden.Count == 0, $"{assembly} references {string.Join(", ", forbidden)}");
    }

    private static void AssertReferencesNone(string assembly, string[] forbidden)
    {
        var found = References(assembly).Intersect(forbidden).ToList();
        Assert.True(found.Count == 0, $"{assembly} references {string.Join(", ", found)}");
    }

    /// <summary>What <paramref name="assembly"/> references beyond the framework and <paramref name="allowed"/>.</summary>
    private static List<string> Forbidden(string assembly, string[] allowed) =>
        References(assembly).Where(name => !IsFramework(name) && !allowed.Contains(name)).ToList();

    private static bool IsFramework(string name) =>
        name is "netstandard" or "mscorlib" || name.StartsWith("System.", StringComparison.Ordinal) || name == "System";

    /// <summary>The assemblies a built assembly references, read from its metadata (nothing is loaded).</summary>
    private static IEnumerable<string> References(string assembly)
    {
        using var file = File.OpenRead(Built.Assembly(assembly));
        using var pe = new PEReader(file);
        var metadata = pe.GetMetadataReader();
        return metadata.AssemblyReferences.Select(handle => metadata.GetString(metadata.GetAssemblyReference(handle).Name)).ToList();
    }
}
