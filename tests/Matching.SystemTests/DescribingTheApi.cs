using System.Text.RegularExpressions;
using Matching.Testing;
using Xunit.Abstractions;

namespace Matching.SystemTests;

/// <summary>
/// Every service's OpenAPI document, as the running service serves it, passes Redocly's recommended rules: a client
/// generator or a gateway can take it as it is. Warnings are printed, not failed.
/// </summary>
[Collection(nameof(MatchingSystem))]
public sealed partial class DescribingTheApi(MatchingSystem system, ITestOutputHelper output)
{
    [Theory]
    [InlineData("identity")]
    [InlineData("courses")]
    [InlineData("employers")]
    [InlineData("matching")]
    public async Task A_service_document_should_pass_the_recommended_lint_rules_without_errors(string service)
    {
        var process = service switch
        {
            "identity" => system.Identity.Process,
            "courses" => system.Courses,
            "employers" => system.Employers,
            _ => system.Matching,
        };
        var document = Path.Combine(Path.GetTempPath(), $"{service}-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(document, await process.Client.GetStringAsync("/openapi/v1.json"));
        try
        {
            var (exitCode, printed) = await ContractTools.RunAsync("redocly", ["lint", document, "--format=stylish"]);
            output.WriteLine(printed);
            var errors = Errors().Matches(printed).Count;
            Assert.True(exitCode == 0 && errors == 0, $"redocly lint found {errors} errors in the {service} document (exit code {exitCode}):\n{printed}");
        }
        finally
        {
            File.Delete(document);
        }
    }

    // One line per problem: "  12:7  error  operation-summary  Operation object should contain `summary` field."
    [GeneratedRegex(@"^\s*\d+:\d+\s+error\s", RegexOptions.Multiline)]
    private static partial Regex Errors();
}
